/**
 * The shape of a JSON value: every path (`$.data[].name`) with the value types seen there. Two
 * answers "have the same keys and value types, recursively" when their profiles agree (`shapeDiff`).
 */
export type Profile = Map<string, Set<string>>;

/** Objects whose keys are the workspace's own (custom attribute names): only their values' types count. */
const OPAQUE = /(^|\.)custom_attributes$/;

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export function profile(value: unknown, path = '$', out: Profile = new Map()): Profile {
  const t = typeOf(value);
  (out.get(path) ?? out.set(path, new Set()).get(path))!.add(t);
  if (t === 'array') for (const v of value as unknown[]) profile(v, `${path}[]`, out);
  if (t === 'object') for (const [k, v] of Object.entries(value as object)) profile(v, OPAQUE.test(path) ? `${path}.*` : `${path}.${k}`, out);
  return out;
}

const nonNull = (s: Set<string> | undefined) => new Set([...(s ?? [])].filter((t) => t !== 'null'));
const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((t) => b.has(t));
const SCALARS = new Set(['string', 'number', 'boolean', 'null']);

/** The arrays on `path`'s way that `other` never saw an element of: nothing below them can be compared. */
const unseenArray = (path: string, other: Profile) => {
  for (let i = path.indexOf('[]'); i >= 0; i = path.indexOf('[]', i + 2)) if (!other.has(path.slice(0, i + 2))) return true;
  return false;
};

/**
 * Differences between a recorded answer's shape and another's: keys on one side only (below arrays
 * both sides have elements of), and value types that differ where both sides hold a non-null value.
 * A path null on one side only is not a difference of type (the data, not the shape, differs).
 */
export function shapeDiff(recorded: unknown, other: unknown): string[] {
  const a = profile(recorded);
  const b = profile(other);
  const out: string[] = [];
  const missing = (from: Profile, other: Profile, label: string) => {
    for (const path of from.keys()) {
      if (other.has(path) || unseenArray(path, other)) continue;
      if (/\.\*(\.|\[|$)/.test(path)) continue; // a custom attribute one workspace has and the other has not
      out.push(`${path}: ${label}`);
    }
  };
  missing(a, b, 'only in the recording');
  missing(b, a, 'only in the other answer');
  for (const [path, types] of a) {
    const theirs = b.get(path);
    if (!theirs) continue;
    if (/\.\*$/.test(path)) {
      const bad = [...types, ...theirs].filter((t) => !SCALARS.has(t));
      if (bad.length > 0) out.push(`${path}: custom attribute values must be scalars, got ${bad.join(', ')}`);
      continue;
    }
    const x = nonNull(types);
    const y = nonNull(theirs);
    if (x.size > 0 && y.size > 0 && !same(x, y)) out.push(`${path}: ${[...x].join('|')} in the recording, ${[...y].join('|')} in the other answer`);
  }
  return out;
}
