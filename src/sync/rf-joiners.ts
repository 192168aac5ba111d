import { AppError, isAppError } from '../shared/errors.js';
import type { NewReferrers, SyncDefinition } from './definition.js';
import type { JoinerContactRepository } from './joiner-contacts.js';
import type { AttributeValue, ContactSource, IntercomContact, RfUser } from './ports.js';
import { attributeChanges, returnValues } from './write-back.js';

// A referrer who joined through Referral Factory's own page, not from Intercom, is created in
// Intercom as a lead or a user with their link and counts, when a sync on their campaign says so
// (`newReferrers`, off by default; RF's own integration: "Nothing / Create New Lead / Create New
// User", reference/referral-factory.md §4). Called only when Intercom's search found no contact
// with the referrer's email (a found one is updated, as for any referrer). Never twice for one RF
// user: the contact made is recorded under the RF user id (joiner-contacts.ts) before anything
// else looks, because Intercom's search does not see a new contact for minutes and leads may
// share an email (Intercom answers no 409 for a lead).

/**
 * RF's `source` values of people who joined on RF's own pages: the campaign page (`Direct`), a
 * referral link (`Referred`), or RF's widget, popup or embedded form (reference/referral-factory.md
 * §2, RF-USER). Not `Api` (this app's syncs create referrers through the API; so do other
 * integrations, which the app cannot tell apart), `Added` (RF's own CRM syncs and manual adds),
 * `Zapier` or `Test`.
 */
const RF_PAGE_SOURCES = new Set(['direct', 'referred', 'widget', 'popup', 'embed']);

export const joinedOnRfPage = (user: Pick<RfUser, 'type' | 'source'>): boolean =>
  user.type === 'referrer' && user.source !== null && RF_PAGE_SOURCES.has(user.source.trim().toLowerCase());

/** The role new referrers get: the oldest enabled sync on the campaign that creates them decides. */
export function newReferrerRole(syncs: readonly SyncDefinition[]): Exclude<NewReferrers, 'nothing'> | null {
  for (const d of syncs) if (d.enabled && (d.newReferrers === 'lead' || d.newReferrers === 'user')) return d.newReferrers;
  return null;
}

export interface JoinerDeps {
  joiners: JoinerContactRepository;
  now(): number;
  returnAttributes(def: SyncDefinition, source: ContactSource): Promise<void>;
}

export interface JoinerInput {
  workspaceId: string;
  referrer: RfUser;
  role: 'lead' | 'user';
  syncs: readonly SyncDefinition[];
  source: ContactSource;
  /** Writes the syncs' values that differ onto these contacts (rf-events.ts); answers how many were written. */
  writeTo(contacts: IntercomContact[]): Promise<number>;
}

const ROLE_WORD = { lead: 'lead', user: 'user' } as const;

/** What the app did, in a few words; throws a coded AppError when Intercom refused (kept on the event). */
export async function createOrUpdateJoiner(deps: JoinerDeps, x: JoinerInput): Promise<string> {
  const { workspaceId, referrer, source } = x;
  const claim = await deps.joiners.claim(workspaceId, referrer.id, deps.now());
  if (claim.kind === 'busy') {
    // Retried by the job's backoff: by then the other process has recorded the contact.
    throw new AppError('sync_busy', 'Another process is creating this referrer’s Intercom contact', { retryable: true });
  }
  if (claim.kind === 'recorded') {
    const made = await source.getContact(claim.contactId);
    if (made) {
      const written = await x.writeTo([made]);
      return written > 0 ? 'Updated the Intercom contact made for this referrer' : 'Unchanged: the Intercom contact made for this referrer is up to date';
    }
    // Deleted in Intercom since: made again below, and recorded in its place.
  }
  try {
    const values: Record<string, AttributeValue> = {};
    for (const def of x.syncs) {
      await deps.returnAttributes(def, source);
      Object.assign(values, attributeChanges({ customAttributes: {} }, def.returnMapping, returnValues(referrer, true)));
    }
    const result = await source.createContact({ role: x.role, email: referrer.email, name: referrer.firstName.trim() || null, customAttributes: values });
    if (result.kind === 'created') {
      await deps.joiners.record(workspaceId, referrer.id, result.contact.id, deps.now());
      return `Created a ${ROLE_WORD[x.role]} in Intercom (joined on Referral Factory’s page)`;
    }
    const existing = result.archived ? null : await source.getContact(result.contactId);
    if (!existing) {
      // Intercom keeps an archived contact's email: it must be unarchived by a person, not by the app.
      throw new AppError('upstream_rejected', 'Intercom refused to create the contact: an archived contact has this email (unarchive it in Intercom, and the next event updates it)', { status: 409 });
    }
    await deps.joiners.record(workspaceId, referrer.id, existing.id, deps.now());
    const written = await x.writeTo([existing]);
    return `${written > 0 ? 'Updated' : 'Unchanged:'} the Intercom contact that already had this email (Intercom answered 409)`;
  } catch (err) {
    // Intercom answered with a refusal: nothing was created, the claim goes. No answer or a 5xx:
    // the contact may exist, so the claim stays (others wait JOINER_CLAIM_MS; by then search finds it).
    const status = isAppError(err) ? err.status : undefined;
    if (status !== undefined && status >= 400 && status < 500 && status !== 408) await deps.joiners.release(workspaceId, referrer.id).catch(() => undefined);
    throw err;
  }
}
