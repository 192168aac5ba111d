import type { z } from 'zod';
import {
  type CanvasLocation,
  type Component,
  COMPONENT_TYPES,
  ComponentSchema,
  EventSchema,
  StoredDataSchema,
} from './components.js';
import { INBOX_FIRST_CANVAS_MAX_HEIGHT, estimateCanvasHeight } from './height.js';
import { MAX_JSON_BYTES, componentIssues, jsonByteLength, urlIssue } from './limits.js';

// Judges a whole initialize/submit response the way Intercom would (canvas-kit.md §11), for the
// tests and the sandbox inbox. Verdicts follow Intercom's 2.11 schemas with the §8 quirks fixed,
// plus the documented rules the schemas omit (option counts, https, unique ids, sizes, height).

export type CanvasFlow = 'initialize' | 'submit';
export interface ValidateOptions {
  flow: CanvasFlow;
  /** Default 'inbox'. */
  location?: CanvasLocation;
  /** The first canvas shown in the inbox must fit in 400 px. */
  firstCanvas?: boolean;
}
export interface CanvasVerdict {
  ok: boolean;
  errors: string[];
  warnings: string[];
}

const TOP_LEVEL_KEYS: Record<CanvasFlow, readonly string[]> = {
  initialize: ['canvas'],
  submit: ['canvas', 'event', 'card_creation_options'],
};
const CANVAS_KEYS = ['content', 'content_url', 'stored_data'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const pathString = (base: string, path: readonly PropertyKey[]) =>
  path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : `${s}.${String(k)}`), base);

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown ${issue.keys.length > 1 ? 'properties' : 'property'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (Intercom shows "Something went wrong")`;
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    return `unknown or missing type (Intercom shows "Something went wrong")`;
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `required ${issue.expected} is missing`;
  return issue.message;
}

class Report {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  error(path: string, message: string) { this.errors.push(`${path}: ${message}`); }
  warn(path: string, message: string) { this.warnings.push(`${path}: ${message}`); }
  zod(base: string, err: z.core.$ZodError, who?: string) {
    for (const issue of err.issues) this.error(pathString(base, issue.path), `${who ? `${who}: ` : ''}${describeIssue(issue)}`);
  }
  verdict(): CanvasVerdict { return { ok: this.errors.length === 0, errors: this.errors, warnings: this.warnings }; }
}

function who(raw: Record<string, unknown>): string {
  const type = typeof raw.type === 'string' ? raw.type : 'component';
  return typeof raw.id === 'string' ? `${type} "${raw.id}"` : type;
}

/** Intercom's reference names the checkbox array `option`; its tutorial sends `options`. Accept both. */
function normaliseCheckbox(raw: Record<string, unknown>, path: string, r: Report): Record<string, unknown> {
  if (raw.type !== 'checkbox') return raw;
  if (!('option' in raw) || 'options' in raw) return raw;
  r.warn(`${path}.option`, `${who(raw)}: "option" is the reference page's spelling; prefer "options"`);
  const { option, ...rest } = raw;
  return { ...rest, options: option };
}

function checkComponents(raw: unknown, opts: Required<Omit<ValidateOptions, 'flow'>>, r: Report): void {
  const base = 'canvas.content.components';
  if (!Array.isArray(raw)) return r.error(base, 'required array of components is missing');
  const parsed: (Component | undefined)[] = raw.map((c, i) => {
    const path = `${base}[${i}]`;
    if (!isObject(c)) return void r.error(path, 'must be an object');
    if (!COMPONENT_TYPES.includes(c.type as Component['type'])) {
      return void r.error(`${path}.type`, `unknown component type ${JSON.stringify(c.type)} (Intercom shows "Something went wrong")`);
    }
    if (c.type === 'image' && isObject(c.action) && c.action.type !== 'url') {
      return void r.error(`${path}.action`, `${who(c)}: an image takes only a url action`);
    }
    const result = ComponentSchema.safeParse(normaliseCheckbox(c, path, r));
    if (result.success) return result.data;
    r.zod(path, result.error, who(c));
    return undefined;
  });
  for (const issue of componentIssues(parsed, opts.location)) {
    (issue.level === 'error' ? r.error : r.warn).call(r, `canvas.content.${issue.path}`, issue.message);
  }
  if (opts.firstCanvas && opts.location === 'inbox') {
    const height = estimateCanvasHeight(parsed.filter((c): c is Component => c !== undefined));
    if (height > INBOX_FIRST_CANVAS_MAX_HEIGHT) {
      r.error(base, `estimated height ${height} px exceeds the inbox first-canvas limit of ${INBOX_FIRST_CANVAS_MAX_HEIGHT} px`);
    }
  }
}

function checkSize(value: unknown, path: string, r: Report): void {
  const bytes = jsonByteLength(value);
  if (bytes > MAX_JSON_BYTES) r.error(path, `${bytes} bytes of JSON, over Intercom's limit of ${MAX_JSON_BYTES}`);
}

/** Checks a canvas object (`{ content | content_url, stored_data? }`) and reports under `canvas.`. */
function checkCanvas(c: unknown, opts: Required<Omit<ValidateOptions, 'flow'>>, r: Report): void {
  if (!isObject(c)) return r.error('canvas', 'required object is missing');
  for (const key of Object.keys(c)) if (!CANVAS_KEYS.includes(key)) r.error(`canvas.${key}`, 'unknown property on a canvas');
  if ('stored_data' in c) {
    const sd = StoredDataSchema.safeParse(c.stored_data);
    if (!sd.success) r.error('canvas.stored_data', 'must be a JSON object');
    else checkSize(c.stored_data, 'canvas.stored_data', r);
  }
  const hasContent = 'content' in c;
  if ('content_url' in c) {
    if (hasContent) return r.error('canvas', 'has both content and content_url; give exactly one');
    if (opts.location === 'inbox') return r.error('canvas.content_url', 'live canvases (content_url) work only in the Messenger');
    if (typeof c.content_url !== 'string') return r.error('canvas.content_url', 'must be a string');
    const u = urlIssue(c.content_url, 'canvas.content_url', 'content_url');
    if (u) (u.level === 'error' ? r.error : r.warn).call(r, u.path, u.message);
    return;
  }
  if (!hasContent) return r.error('canvas.content', 'required object is missing (or content_url in the Messenger)');
  if (!isObject(c.content)) return r.error('canvas.content', 'must be an object');
  for (const key of Object.keys(c.content)) {
    if (key !== 'components') r.error(`canvas.content.${key}`, 'unknown property on content');
  }
  checkSize(c.content, 'canvas.content', r);
  checkComponents(c.content.components, opts, r);
}

export function validateCanvasResponse(body: unknown, opts: ValidateOptions): CanvasVerdict {
  const r = new Report();
  const rest = { location: opts.location ?? 'inbox', firstCanvas: opts.firstCanvas ?? false };
  if (!isObject(body)) {
    r.error('response', 'must be a JSON object');
    return r.verdict();
  }
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL_KEYS[opts.flow].includes(key)) r.error(key, `not allowed in a ${opts.flow} response`);
  }
  checkCanvas(body.canvas, rest, r);
  if (opts.flow === 'submit' && 'event' in body) {
    const ev = EventSchema.safeParse(body.event);
    if (!ev.success) r.error('event', 'must be { "type": "completed" }');
  }
  if (opts.flow === 'submit' && 'card_creation_options' in body) {
    if (!isObject(body.card_creation_options)) r.error('card_creation_options', 'must be an object');
    else if (rest.location === 'messenger') r.warn('card_creation_options', 'only meaningful in an inbox submit response');
  }
  return r.verdict();
}
