import { el } from './dom.js';
import { renderInline } from './markdown.js';
import { actionOf, bool, list, str, type Comp } from './model.js';
import { renderButton, renderList } from './render-actions.js';
import type { RenderContext } from './render-context.js';
import { renderCheckbox, renderDropdown, renderInput, renderSingleSelect, renderTextarea } from './render-inputs.js';

export type { RenderContext } from './render-context.js';

const RENDERERS: Record<string, (c: Comp, ctx: RenderContext) => HTMLElement> = {
  text: renderText,
  image: renderImage,
  divider: (c) => el('hr', { class: cls('ck-divider', c) }),
  spacer: (c) => el('div', { class: `ck-spacer ck-spacer-${str(c, 'size') ?? 's'}` }),
  'data-table': renderDataTable,
  button: renderButton,
  input: renderInput,
  textarea: renderTextarea,
  dropdown: renderDropdown,
  'single-select': renderSingleSelect,
  checkbox: renderCheckbox,
  list: renderList,
};

/** Draws a canvas's components as Intercom's inbox does, at the details panel's width. */
export function renderComponents(components: Comp[], ctx: RenderContext): HTMLElement {
  return el(
    'div',
    { class: 'ck-canvas' },
    ...components.map((c) => {
      const render = RENDERERS[c.type];
      const node = render
        ? render(c, ctx)
        : el('div', { class: 'ck-unknown' }, `Unknown component type "${c.type}"`);
      node.dataset['type'] = c.type;
      const id = str(c, 'id');
      if (id) node.dataset['id'] = id;
      return node;
    }),
  );
}

function cls(base: string, c: Comp): string {
  return c['bottom_margin'] === 'none' ? `${base} ck-no-margin` : base;
}

function renderText(c: Comp): HTMLElement {
  const style = str(c, 'style') ?? 'paragraph';
  const align = str(c, 'align') ?? 'left';
  const tag = style === 'header' ? 'h3' : 'p';
  return el(tag, { class: cls(`ck-text ck-text-${style} ck-align-${align}`, c) }, ...renderInline(str(c, 'text') ?? ''));
}

function renderImage(c: Comp, ctx: RenderContext): HTMLElement {
  const align = str(c, 'align') ?? 'left';
  const img = el('img', {
    src: str(c, 'url') ?? '',
    alt: '',
    width: align === 'full_width' ? null : str(c, 'width'),
    height: align === 'full_width' ? null : str(c, 'height'),
    class: bool(c, 'rounded') ? 'ck-rounded' : '',
  });
  const wrap = el('div', { class: cls(`ck-image ck-align-${align}`, c) }, img);
  const action = actionOf(c);
  if (action) {
    wrap.classList.add('ck-clickable');
    wrap.addEventListener('click', () => ctx.act(action, str(c, 'id') ?? ''));
  }
  return wrap;
}

function renderDataTable(c: Comp): HTMLElement {
  // The inbox truncates long cells and shows the full text as a tooltip (canvas-kit.md §6.1).
  return el(
    'dl',
    { class: 'ck-table' },
    ...list(c, 'items').map((item) => {
      const field = str(item, 'field') ?? '';
      const value = str(item, 'value') ?? '';
      return el('div', { class: 'ck-row' }, el('dt', { title: field }, field), el('dd', { title: value }, value));
    }),
  );
}
