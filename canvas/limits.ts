import type { Action, CanvasLocation, Component, Option } from './components.js';

// Intercom's documented Canvas Kit limits (canvas-kit.md §2, §6), shared by the builders
// (which throw) and the validator (which reports). Pure: only globals that browsers have too.

export const MIN_SELECT_OPTIONS = 2;
export const MAX_SELECT_OPTIONS = 10;
export const MIN_CHECKBOX_OPTIONS = 1;
/** `content` and `stored_data` each: 64 KB of UTF-8 JSON. */
export const MAX_JSON_BYTES = 65_536;

/** A programming error in a screen: a canvas that breaks one of Intercom's limits. */
export class CanvasError extends Error {
  override name = 'CanvasError';
  readonly code = 'canvas_invalid';
}

export interface CanvasIssue {
  level: 'error' | 'warning';
  /** Relative to the components array, e.g. `components[3].options`. */
  path: string;
  message: string;
}

/** UTF-8 length of a string, counted without encoding it (a canvas is measured on every answer). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    // 2 bytes below U+0800; a surrogate pair is 4 bytes for 2 units; the rest of the BMP 3 bytes.
    bytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

export const jsonByteLength = (value: unknown): number => utf8Length(JSON.stringify(value) ?? '');

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Intercom requires https for images, url and sheet actions. Plain http is tolerated only for
 * localhost/127.0.0.1, because the local sandbox and demo run without TLS: a warning, not an error.
 */
export function urlIssue(url: string, path: string, what: string): CanvasIssue | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { level: 'error', path, message: `${what} is not an absolute URL` };
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) {
    return { level: 'warning', path, message: `${what} uses http on a local host; Intercom requires https` };
  }
  return { level: 'error', path, message: `${what} must use https, got ${parsed.protocol}//${parsed.host}` };
}

const label = (c: { type: string; id?: string | undefined }) => (c.id !== undefined ? `${c.type} "${c.id}"` : c.type);

function actionIssues(action: Action | undefined, path: string, owner: string, location: CanvasLocation): CanvasIssue[] {
  if (!action || action.type === 'submit') return [];
  const issues: CanvasIssue[] = [];
  if (action.type === 'sheet' && location === 'inbox') {
    issues.push({ level: 'error', path, message: `${owner}: sheet actions work only in the Messenger, not the inbox` });
  }
  const bad = urlIssue(action.url, `${path}.url`, `${owner}: ${action.type} action url`);
  return bad ? [...issues, bad] : issues;
}

function optionIssues(c: { type: string; id: string; options: Option[] }, path: string, min: number): CanvasIssue[] {
  const issues: CanvasIssue[] = [];
  const n = c.options.length;
  const max = c.type === 'checkbox' ? Infinity : MAX_SELECT_OPTIONS;
  if (n < min || n > max) {
    const range = max === Infinity ? `at least ${min}` : `${min}–${max}`;
    issues.push({ level: 'error', path: `${path}.options`, message: `${label(c)} needs ${range} options, got ${n}` });
  }
  const seen = new Set<string>();
  c.options.forEach((o, i) => {
    if (seen.has(o.id)) {
      issues.push({ level: 'error', path: `${path}.options[${i}].id`, message: `${label(c)}: option id "${o.id}" is repeated` });
    }
    seen.add(o.id);
  });
  return issues;
}

function valueIssues(c: { type: string; id: string; options: Option[] }, values: string[], path: string): CanvasIssue[] {
  const ids = new Set(c.options.map((o) => o.id));
  return values
    .filter((v) => !ids.has(v))
    .map((v) => ({ level: 'warning' as const, path: `${path}.value`, message: `${label(c)}: value "${v}" is not one of its option ids` }));
}

function oneComponent(c: Component, path: string, location: CanvasLocation): CanvasIssue[] {
  const who = label(c);
  switch (c.type) {
    case 'image': {
      const u = urlIssue(c.url, `${path}.url`, `${who}: url`);
      return [...(u ? [u] : []), ...actionIssues(c.action, `${path}.action`, who, location)];
    }
    case 'button':
    case 'input':
      return actionIssues(c.action, `${path}.action`, who, location);
    case 'dropdown':
    case 'single-select':
      return [
        ...optionIssues(c, path, MIN_SELECT_OPTIONS),
        ...(c.value !== undefined ? valueIssues(c, [c.value], path) : []),
        ...(c.type === 'single-select' ? actionIssues(c.action, `${path}.action`, who, location) : []),
      ];
    case 'checkbox':
      return [...optionIssues(c, path, MIN_CHECKBOX_OPTIONS), ...valueIssues(c, c.value ?? [], path)];
    case 'list':
      return c.items.flatMap((item, i) => {
        const p = `${path}.items[${i}]`;
        const owner = `list item "${item.id}"`;
        const issues = actionIssues(item.action, `${p}.action`, owner, location);
        if (item.image === undefined) return issues;
        const u = urlIssue(item.image, `${p}.image`, `${owner}: image`);
        if (u) issues.push(u);
        if (item.image_width === undefined || item.image_height === undefined) {
          issues.push({ level: 'error', path: p, message: `${owner}: image_width and image_height are required with image` });
        }
        return issues;
      });
    default:
      return [];
  }
}

/** Ids are sent back as `component_id` and `input_values` keys, so they must be unique in a canvas. */
function idIssues(components: readonly (Component | undefined)[]): CanvasIssue[] {
  const seen = new Map<string, string>();
  const issues: CanvasIssue[] = [];
  const note = (id: string | undefined, path: string) => {
    if (id === undefined) return;
    if (id === '') issues.push({ level: 'warning', path: `${path}.id`, message: 'id is empty' });
    const first = seen.get(id);
    if (first) issues.push({ level: 'error', path: `${path}.id`, message: `id "${id}" is already used at ${first}` });
    else seen.set(id, path);
  };
  components.forEach((c, i) => {
    if (!c) return;
    note('id' in c ? c.id : undefined, `components[${i}]`);
    if (c.type === 'list') c.items.forEach((item, j) => note(item.id, `components[${i}].items[${j}]`));
  });
  return issues;
}

/**
 * Every limit that holds within a list of components. Entries left `undefined` (components that
 * failed to parse) are skipped but keep their index so paths stay right.
 */
export function componentIssues(
  components: readonly (Component | undefined)[],
  location: CanvasLocation,
): CanvasIssue[] {
  const own = components.flatMap((c, i) => (c ? oneComponent(c, `components[${i}]`, location) : []));
  return [...own, ...idIssues(components)];
}

/** Throws the first error-level issue as a CanvasError (warnings pass). */
export function throwOnError(issues: CanvasIssue[]): void {
  const first = issues.find((i) => i.level === 'error');
  if (first) throw new CanvasError(first.message);
}
