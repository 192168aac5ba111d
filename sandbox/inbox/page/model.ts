// The page renders whatever the app answered, valid or not (the validator's verdict is shown
// next to it), so components are read loosely here rather than through canvas/'s strict types.

export type Comp = { type: string } & Record<string, unknown>;
export type Action = { type: string; url?: string };
export type Value = string | string[];

export function str(c: Record<string, unknown>, key: string): string | undefined {
  const v = c[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function bool(c: Record<string, unknown>, key: string): boolean {
  return c[key] === true;
}

export function list(c: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const v = c[key];
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [];
}

export function actionOf(c: Record<string, unknown>): Action | undefined {
  const a = c['action'];
  return a && typeof a === 'object' && typeof (a as Action).type === 'string' ? (a as Action) : undefined;
}

export function componentsOf(response: unknown): Comp[] | null {
  const components = (response as { canvas?: { content?: { components?: unknown } } } | null)?.canvas?.content
    ?.components;
  if (!Array.isArray(components)) return null;
  return components.filter((c): c is Comp => !!c && typeof c === 'object' && typeof c.type === 'string');
}

/** Options of dropdown/single-select/checkbox; checkbox accepts Intercom's documented `option` too. */
export function optionsOf(c: Comp): Record<string, unknown>[] {
  const options = list(c, 'options');
  return options.length > 0 ? options : list(c, 'option');
}
