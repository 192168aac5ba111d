import { el } from './dom.js';
import { actionOf, bool, list, str, type Comp } from './model.js';
import type { RenderContext } from './render-context.js';

export function renderButton(c: Comp, ctx: RenderContext): HTMLElement {
  const style = str(c, 'style') ?? 'primary';
  const action = actionOf(c);
  const button = el(
    'button',
    {
      type: 'button',
      class: `ck-button ck-button-${style}`,
      disabled: bool(c, 'disabled'),
      title: action?.type === 'url' ? action.url : null,
    },
    str(c, 'label') ?? '',
    action?.type === 'url' ? el('span', { class: 'ck-external', 'aria-hidden': 'true' }, ' ↗') : null,
  );
  button.addEventListener('click', () => ctx.act(action, str(c, 'id') ?? ''));
  return el('div', { class: 'ck-button-wrap' }, button);
}

export function renderList(c: Comp, ctx: RenderContext): HTMLElement {
  const allDisabled = bool(c, 'disabled');
  return el(
    'ul',
    { class: 'ck-list' },
    ...list(c, 'items').map((item) => {
      const id = str(item, 'id') ?? '';
      const action = actionOf(item);
      const disabled = allDisabled || bool(item, 'disabled');
      const image = str(item, 'image');
      const body = [
        image
          ? el('img', {
              src: image,
              alt: '',
              width: str(item, 'image_width'),
              height: str(item, 'image_height'),
              class: bool(item, 'rounded_image') ? 'ck-rounded' : '',
            })
          : null,
        el(
          'span',
          { class: 'ck-item-text' },
          el('span', { class: 'ck-item-title' }, str(item, 'title') ?? ''),
          str(item, 'subtitle') ? el('span', { class: 'ck-item-subtitle' }, str(item, 'subtitle')!) : null,
          str(item, 'tertiary_text') ? el('span', { class: 'ck-item-tertiary' }, str(item, 'tertiary_text')!) : null,
        ),
      ];
      const node = action
        ? el('button', { type: 'button', class: 'ck-item ck-item-action', disabled, 'data-id': id }, ...body)
        : el('div', { class: 'ck-item', 'data-id': id }, ...body);
      if (action) node.addEventListener('click', () => ctx.act(action, id));
      return el('li', {}, node);
    }),
  );
}
