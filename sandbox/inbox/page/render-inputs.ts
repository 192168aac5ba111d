import { el } from './dom.js';
import { actionOf, bool, optionsOf, str, type Comp } from './model.js';
import { saveStateClass, type RenderContext } from './render-context.js';

let counter = 0;
const domId = (): string => `ck-field-${++counter}`;

// `save_state: saved` blocks interaction and overrides `disabled` (canvas-kit.md §6).
function locked(c: Comp): boolean {
  return bool(c, 'disabled') || str(c, 'save_state') === 'saved';
}

function field(c: Comp, forId: string | null, ...control: HTMLElement[]): HTMLElement {
  const label = str(c, 'label');
  const state = saveStateClass(str(c, 'save_state') ?? (bool(c, 'error') ? 'failed' : undefined));
  return el(
    'div',
    { class: `ck-field ${state}` },
    label ? el(forId ? 'label' : 'span', { class: 'ck-label', for: forId }, label) : null,
    ...control,
  );
}

export function renderInput(c: Comp, ctx: RenderContext): HTMLElement {
  const id = str(c, 'id') ?? '';
  const fid = domId();
  const input = el('input', {
    id: fid,
    type: 'text',
    class: 'ck-input',
    placeholder: str(c, 'placeholder'),
    disabled: locked(c),
  });
  input.value = String(ctx.form.get(id) ?? '');
  input.addEventListener('input', () => ctx.form.set(id, input.value));
  const action = actionOf(c);
  const row = el('div', { class: 'ck-input-row' }, input);
  if (action) {
    const go = el('button', { type: 'button', class: 'ck-inline', 'aria-label': `Submit ${str(c, 'label') ?? id}`, disabled: locked(c) }, '→');
    go.addEventListener('click', () => ctx.act(action, id));
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !locked(c)) ctx.act(action, id);
    });
    row.append(go);
  }
  if (str(c, 'save_state') === 'saved') row.append(el('span', { class: 'ck-check', title: 'Saved' }, '✓'));
  return field(c, fid, row);
}

export function renderTextarea(c: Comp, ctx: RenderContext): HTMLElement {
  const id = str(c, 'id') ?? '';
  const fid = domId();
  const area = el('textarea', { id: fid, class: 'ck-textarea', placeholder: str(c, 'placeholder'), disabled: bool(c, 'disabled'), rows: 3 });
  area.value = String(ctx.form.get(id) ?? '');
  area.addEventListener('input', () => ctx.form.set(id, area.value));
  return field(c, fid, area);
}

export function renderDropdown(c: Comp, ctx: RenderContext): HTMLElement {
  const id = str(c, 'id') ?? '';
  const fid = domId();
  const chosen = ctx.form.get(id);
  const select = el(
    'select',
    { id: fid, class: 'ck-select', disabled: locked(c) },
    chosen === undefined ? el('option', { value: '', disabled: true, selected: true }, 'Select an option') : null,
    ...optionsOf(c).map((o) =>
      el('option', { value: str(o, 'id') ?? '', disabled: bool(o, 'disabled'), selected: str(o, 'id') === chosen }, str(o, 'text') ?? ''),
    ),
  );
  select.addEventListener('change', () => ctx.form.set(id, select.value));
  return field(c, fid, select);
}

export function renderSingleSelect(c: Comp, ctx: RenderContext): HTMLElement {
  const id = str(c, 'id') ?? '';
  const action = actionOf(c);
  const group = el('div', { class: 'ck-segments', role: 'radiogroup', 'aria-label': str(c, 'label') ?? id });
  const options = optionsOf(c).map((o) => {
    const optionId = str(o, 'id') ?? '';
    const button = el(
      'button',
      { type: 'button', role: 'radio', class: 'ck-segment', disabled: locked(c) || bool(o, 'disabled') },
      str(o, 'text') ?? '',
    );
    button.addEventListener('click', () => {
      ctx.form.set(id, optionId);
      for (const [other, oid] of options) other.setAttribute('aria-checked', String(oid === optionId));
      if (action) ctx.act(action, id);
    });
    button.setAttribute('aria-checked', String(ctx.form.get(id) === optionId));
    return [button, optionId] as const;
  });
  group.append(...options.map(([b]) => b));
  return field(c, null, group);
}

export function renderCheckbox(c: Comp, ctx: RenderContext): HTMLElement {
  const id = str(c, 'id') ?? '';
  const chosen = ctx.form.get(id);
  const boxes = optionsOf(c).map((o) => {
    const optionId = str(o, 'id') ?? '';
    const box = el('input', {
      type: 'checkbox',
      disabled: locked(c) || bool(o, 'disabled'),
      checked: Array.isArray(chosen) && chosen.includes(optionId),
    });
    box.addEventListener('change', () => ctx.form.toggle(id, optionId, box.checked));
    return el('label', { class: 'ck-checkbox' }, box, ` ${str(o, 'text') ?? ''}`);
  });
  return field(c, null, el('div', { class: 'ck-checkboxes', role: 'group', 'aria-label': str(c, 'label') ?? id }, ...boxes));
}
