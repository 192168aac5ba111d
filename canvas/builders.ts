import type {
  ButtonComponent,
  ButtonStyle,
  CheckboxComponent,
  Component,
  DataTableComponent,
  DividerComponent,
  DropdownComponent,
  ImageAlign,
  ImageComponent,
  InputComponent,
  ListComponent,
  ListItem,
  Option,
  SaveState,
  SheetAction,
  SingleSelectComponent,
  SpacerComponent,
  SpacerSize,
  SubmitAction,
  TextAlign,
  TextareaComponent,
  TextComponent,
  TextStyle,
  UrlAction,
} from './components.js';
import { ComponentSchema } from './components.js';
import { CanvasError, componentIssues, throwOnError, urlIssue } from './limits.js';

// One small builder per Canvas Kit component. Builders drop undefined props and throw a
// CanvasError naming the component when a documented limit is broken. Location-dependent rules
// (no sheet in the inbox) and canvas-wide ones (unique ids, 64 KB) are checked by canvas().

/** Removes keys whose value is undefined, so the JSON carries only what was set. */
export function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as T;
}

function checked<C extends Component>(c: C): C {
  const out = compact(c);
  // Types already forbid most mistakes; this catches casts and plain-JS callers.
  const parsed = ComponentSchema.safeParse(out);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const who = 'id' in out && out.id !== undefined ? `${out.type} "${out.id}"` : out.type;
    throw new CanvasError(`${who}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim());
  }
  // 'messenger' here: sheet actions are refused later, by canvas() for the inbox.
  throwOnError(componentIssues([out], 'messenger'));
  return out;
}

function requireId(type: string, id: string): void {
  if (id.trim() === '') throw new CanvasError(`${type}: id must not be empty`);
}

const isPixels = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n > 0);

function requireSize(who: string, width: number | undefined, height: number | undefined): void {
  if (!isPixels(width) || !isPixels(height)) {
    throw new CanvasError(`${who} needs positive integer width and height in px, got ${width}×${height}`);
  }
}

function checkUrl(url: string, what: string): void {
  const issue = urlIssue(url, '', what);
  if (issue?.level === 'error') throw new CanvasError(issue.message);
}

// --- actions -------------------------------------------------------------------------------

export const submitAction = (): SubmitAction => ({ type: 'submit' });

export function urlAction(url: string): UrlAction {
  checkUrl(url, 'url action');
  return { type: 'url', url };
}

/** Messenger only; canvas(…, { location: 'inbox' }) refuses it. */
export function sheetAction(url: string): SheetAction {
  checkUrl(url, 'sheet action');
  return { type: 'sheet', url };
}

// --- presentation --------------------------------------------------------------------------

export function text(
  value: string,
  opts: { style?: TextStyle; align?: TextAlign; id?: string; bottomMargin?: 'none' } = {},
): TextComponent {
  return checked({ type: 'text', text: value, id: opts.id, style: opts.style, align: opts.align, bottom_margin: opts.bottomMargin });
}

export function image(
  url: string,
  width: number,
  height: number,
  opts: { id?: string; align?: ImageAlign; rounded?: boolean; bottomMargin?: 'none'; action?: UrlAction } = {},
): ImageComponent {
  requireSize(`image${opts.id ? ` "${opts.id}"` : ''}`, width, height);
  return checked({
    type: 'image', url, width, height, id: opts.id, align: opts.align, rounded: opts.rounded,
    bottom_margin: opts.bottomMargin, action: opts.action,
  });
}

export const divider = (opts: { id?: string; bottomMargin?: 'none' } = {}): DividerComponent =>
  checked({ type: 'divider', id: opts.id, bottom_margin: opts.bottomMargin });

export const spacer = (size?: SpacerSize, opts: { id?: string } = {}): SpacerComponent =>
  checked({ type: 'spacer', size, id: opts.id });

export const dataTable = (items: ReadonlyArray<readonly [field: string, value: string]>): DataTableComponent =>
  checked({ type: 'data-table', items: items.map(([field, value]) => ({ type: 'field-value' as const, field, value })) });

// --- interactive ---------------------------------------------------------------------------

export function submitButton(
  id: string,
  label: string,
  opts: { style?: ButtonStyle; disabled?: boolean } = {},
): ButtonComponent {
  requireId('button', id);
  return checked({ type: 'button', id, label, action: submitAction(), style: opts.style, disabled: opts.disabled });
}

export function urlButton(
  id: string,
  label: string,
  url: string,
  opts: { style?: ButtonStyle; disabled?: boolean } = {},
): ButtonComponent {
  requireId('button', id);
  return checked({ type: 'button', id, label, action: { type: 'url', url }, style: opts.style, disabled: opts.disabled });
}

export interface InputOptions {
  label?: string;
  placeholder?: string;
  value?: string;
  saveState?: SaveState;
  disabled?: boolean;
  action?: SubmitAction | UrlAction | SheetAction;
}

export function input(id: string, opts: InputOptions = {}): InputComponent {
  requireId('input', id);
  const { saveState, ...rest } = opts;
  return checked({ type: 'input', id, ...rest, save_state: saveState });
}

export function textarea(
  id: string,
  opts: { label?: string; placeholder?: string; value?: string; error?: boolean; disabled?: boolean } = {},
): TextareaComponent {
  requireId('textarea', id);
  return checked({ type: 'textarea', id, ...opts });
}

export const option = (id: string, label: string, opts: { disabled?: boolean } = {}): Option => {
  requireId('option', id);
  return compact({ type: 'option', id, text: label, disabled: opts.disabled });
};

export interface SelectOptions {
  label?: string;
  value?: string;
  saveState?: SaveState;
  disabled?: boolean;
}

function requireKnownValues(type: string, id: string, options: Option[], values: readonly string[]): void {
  const ids = new Set(options.map((o) => o.id));
  const unknown = values.find((v) => !ids.has(v));
  if (unknown !== undefined) throw new CanvasError(`${type} "${id}": value "${unknown}" is not one of its option ids`);
}

export function dropdown(id: string, options: Option[], opts: SelectOptions = {}): DropdownComponent {
  requireId('dropdown', id);
  requireKnownValues('dropdown', id, options, opts.value === undefined ? [] : [opts.value]);
  const { saveState, ...rest } = opts;
  return checked({ type: 'dropdown', id, options, ...rest, save_state: saveState });
}

export function singleSelect(
  id: string,
  options: Option[],
  opts: SelectOptions & { action?: SubmitAction | UrlAction | SheetAction } = {},
): SingleSelectComponent {
  requireId('single-select', id);
  requireKnownValues('single-select', id, options, opts.value === undefined ? [] : [opts.value]);
  const { saveState, ...rest } = opts;
  return checked({ type: 'single-select', id, options, ...rest, save_state: saveState });
}

/** Emits `options` (what Intercom's own inbox tutorial sends), not the reference's `option`. */
export function checkbox(
  id: string,
  label: string,
  options: Option[],
  opts: { value?: string[]; saveState?: SaveState; disabled?: boolean } = {},
): CheckboxComponent {
  requireId('checkbox', id);
  requireKnownValues('checkbox', id, options, opts.value ?? []);
  return checked({ type: 'checkbox', id, label, options, value: opts.value, save_state: opts.saveState, disabled: opts.disabled });
}

export interface ListItemOptions {
  subtitle?: string;
  tertiaryText?: string;
  image?: string;
  imageWidth?: number;
  imageHeight?: number;
  roundedImage?: boolean;
  disabled?: boolean;
  action?: SubmitAction | UrlAction | SheetAction;
}

export function listItem(id: string, title: string, opts: ListItemOptions = {}): ListItem {
  requireId('list item', id);
  requireSize(`list item "${id}" image`, opts.imageWidth, opts.imageHeight);
  const item: ListItem = compact({
    type: 'item', id, title, subtitle: opts.subtitle, tertiary_text: opts.tertiaryText, image: opts.image,
    image_width: opts.imageWidth, image_height: opts.imageHeight, rounded_image: opts.roundedImage,
    disabled: opts.disabled, action: opts.action,
  });
  checked({ type: 'list', items: [item] });
  return item;
}

export const list = (items: ListItem[], opts: { disabled?: boolean } = {}): ListComponent =>
  checked({ type: 'list', items, disabled: opts.disabled });
