import type { SyncDefinition } from './definition.js';
import { emailKey } from './mapping.js';
import type { ContactSource, IntercomContact } from './ports.js';

// One owner per email (issue #11, observation 3). Several Intercom contacts may share an email
// (a lead and a user, several users); RF keys referrers by email, so they share one referrer. If
// each pushed its own fields, the referrer's name would flip on every run: one RF write per run,
// forever. A deterministic rule picks the contact whose fields go to RF; the others are linked
// (they get the link and counts written back) but never push their own fields.
//
// Nothing is stored per contact: the owner is asked of Intercom (a search by email) only when a
// contact's fields differ from its referrer's, i.e. when a field update would happen. A run
// remembers the answers (bounded), so a shared email costs one search per run at most, and an
// email held by one contact costs a search only when that contact really changed.

/** Emails whose owner a run remembers; past it, another search (never a wrong answer). */
export const MAX_OWNERS_REMEMBERED = 10_000;

/** Users before leads, then the earliest created, then the smallest id (a total order: always the same pick). */
export function compareOwners(a: IntercomContact, b: IntercomContact): number {
  if (a.role !== b.role) return a.role === 'user' ? -1 : 1;
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Whether the owner can be asked of Intercom: only when RF's email is the contact's own email (a
 * mapping that takes the email from a custom attribute cannot be searched by it; each contact
 * then pushes its fields, as before).
 */
export const ownerCanBeFound = (def: Pick<SyncDefinition, 'fieldMapping'>): boolean =>
  def.fieldMapping.some((r) => r.to === 'email' && r.from.kind === 'standard' && r.from.field === 'email');

/**
 * The owner of `contact`'s email among the contacts Intercom holds with it (and `contact` itself,
 * which a lagging search index may not return yet).
 */
export async function emailOwner(source: ContactSource, contact: IntercomContact, cache: Map<string, IntercomContact> | undefined): Promise<IntercomContact> {
  const email = contact.email ?? '';
  const key = emailKey(email);
  const known = cache?.get(key);
  if (known) return [known, contact].sort(compareOwners)[0] as IntercomContact;
  const holders = (await source.findContactsByEmail(email)).filter((c) => c.email !== null && emailKey(c.email) === key);
  const owner = [...holders.filter((c) => c.id !== contact.id), contact].sort(compareOwners)[0] as IntercomContact;
  if (cache && cache.size < MAX_OWNERS_REMEMBERED) cache.set(key, owner);
  return owner;
}
