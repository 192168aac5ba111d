import type { StoredContact } from './model.js';

/**
 * Intercom's search reads an index that lags the contacts: "newly created contacts may take a few
 * minutes to become searchable" (OpenAPI 2.14, POST /contacts/search). The stand-in keeps, per
 * contact written within the delay, the versions search may still see, and answers a search with
 * the newest version at least `delay` old (or none: not indexed yet). Seeded contacts carry no
 * history: they were indexed long ago. Moving the clock backwards does not un-index anything.
 */

const snapshot = (c: StoredContact): StoredContact => {
  const { history: _history, ...rest } = c;
  return { ...rest, custom_attributes: { ...c.custom_attributes }, segmentIds: new Set(c.segmentIds) };
};

function prune(c: StoredContact, cutoffMs: number): void {
  const h = c.history;
  if (!h) return;
  while (h.length >= 2 && (h[1] as { at: number }).at <= cutoffMs) h.shift();
  if (h.length === 1 && (h[0] as { at: number }).at <= cutoffMs) delete c.history;
}

/**
 * Runs `change` on the contact and records the version it produces at `atMs`. `isNew`: the contact
 * did not exist before (search must not see it until the delay has passed).
 */
export function recordChange(c: StoredContact, atMs: number, delayMs: number, change: () => void, isNew = false): void {
  if (!c.history) c.history = [{ at: Number.NEGATIVE_INFINITY, snap: isNew ? null : snapshot(c) }];
  change();
  c.history.push({ at: atMs, snap: snapshot(c) });
  prune(c, atMs - delayMs);
}

/** The version of `c` search sees at `cutoffMs` (= now − delay), or undefined when it is not indexed yet. */
export function searchView(c: StoredContact, cutoffMs: number): StoredContact | undefined {
  const h = c.history;
  if (!h) return c;
  if ((h[h.length - 1] as { at: number }).at <= cutoffMs) {
    delete c.history;
    return c;
  }
  let found: StoredContact | null = null;
  for (const v of h) {
    if (v.at > cutoffMs) break;
    found = v.snap;
  }
  return found ?? undefined;
}
