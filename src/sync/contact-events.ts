import type { IncomingEvent } from '../events/incoming-event.js';
import { AppError } from '../shared/errors.js';
import { inAudience, leaveAudience } from './audience-exit.js';
import { isWizardDefinition, type SyncDefinition } from './definition.js';
import type { RecentWrites } from './echo-guard.js';
import { enrolContact } from './enrol.js';
import type { ContactOutcome } from './outcome.js';
import type { CallPriority, Campaign, ContactSource, IntercomContact, ReferralDirectory } from './ports.js';
import { ensureReturnAttributes } from './write-back.js';

// What Intercom's contact notifications do (issue #15; topics: reference/intercom-api.md §6). For
// every enabled ongoing sync whose audience holds the contact, the contact is enrolled or updated
// with the engine's own per-contact step (enrol.ts), as a run would; a sync whose audience the
// contact left applies its removal policy (audience-exit.ts). Polling stays the safety net.

/** Topics after which the contact is (re)enrolled as it is now. */
const UPSERT = new Set([
  'contact.user.created', 'contact.lead.created', 'contact.user.updated', 'contact.lead.updated',
  'contact.lead.signed_up', 'contact.email.updated', 'contact.lead.added_email', 'contact.unarchive', 'contact.merged',
]);
/** Topics after which the contact is gone: the sync's `onContactGone` policy applies (as after leaving the audience, audience-exit.ts). */
const GONE = new Set(['contact.archived', 'contact.deleted']);

/** The topics the app handles; anything else is stored and acknowledged, then ignored. */
export const HANDLED_TOPICS: readonly string[] = [...UPSERT, ...GONE, 'ping'];

export interface ContactEventDeps {
  listDefinitions(workspaceId: string): Promise<SyncDefinition[]>;
  contactsFor(workspaceId: string): Promise<ContactSource>;
  /** Events call RF in their own class (h-budget): behind a person waiting in the inbox, ahead of bulk runs. */
  referralsFor(workspaceId: string, priority: CallPriority): Promise<ReferralDirectory>;
  recentWrites: RecentWrites;
  now(): number;
}

/** Campaign forms and created return attributes do not change per contact: read them once in a while, not per event. */
const CACHE_MS = 5 * 60_000;

export function createContactEventHandler(deps: ContactEventDeps) {
  const campaigns = new Map<string, { at: number; campaign: Promise<Campaign> }>();
  const attributesReady = new Map<string, { at: number; ready: Promise<void> }>();

  function campaignOf(def: SyncDefinition, directory: ReferralDirectory): Promise<Campaign> {
    const key = `${def.workspaceId}\u0000${def.campaignId}`;
    const hit = campaigns.get(key);
    if (hit && hit.at > deps.now() - CACHE_MS) return hit.campaign;
    const campaign = directory.getCampaign(def.campaignId);
    campaigns.set(key, { at: deps.now(), campaign });
    campaign.catch(() => campaigns.delete(key));
    return campaign;
  }

  /** Once per definition and a while (single flight); another process creating the same attribute at once is not a failure. */
  function returnAttributes(def: SyncDefinition, source: ContactSource): Promise<void> {
    const key = `${def.id}\u0000${def.updatedAt}`;
    const hit = attributesReady.get(key);
    if (hit && hit.at > deps.now() - CACHE_MS) return hit.ready;
    const ready = ensureReturnAttributes(source, def.returnMapping)
      .catch(() => ensureReturnAttributes(source, def.returnMapping))
      .then(() => undefined);
    attributesReady.set(key, { at: deps.now(), ready });
    ready.catch(() => attributesReady.delete(key));
    return ready;
  }

  async function upsert(event: IncomingEvent, contactId: string, defs: SyncDefinition[]): Promise<string> {
    if (await ownWrite(event)) return OWN_WRITE;
    const source = await deps.contactsFor(event.workspaceId);
    const contact = await source.getContact(contactId);
    if (!contact) return 'Ignored: the contact no longer exists in Intercom';
    // Asked once per event, and only when a segment sync needs it.
    let segmentIds: Promise<string[]> | null = null;
    const segments = () => (segmentIds ??= source.listContactSegmentIds(contact.id));
    const told: string[] = [];
    let rf: Promise<ReferralDirectory> | null = null;
    const directory = () => (rf ??= deps.referralsFor(event.workspaceId, 'events'));
    for (const def of defs) {
      if (!(await inAudience(def.audience, contact, segments))) {
        const left = await leaveAudience({ def, source, directory }, contact);
        if (left) told.push(left);
        continue;
      }
      const campaign = await campaignOf(def, await directory());
      await returnAttributes(def, source);
      const outcome = await enrolContact({ def, campaign, source, directory: await directory() }, contact);
      // A transient failure is retried (the job runner's backoff); anything else is the contact's own and final.
      if (outcome.kind === 'failed' && isTransient(outcome.code)) throw new AppError(outcome.code, outcome.message, { retryable: true });
      told.push(describe(outcome, def));
    }
    return told.length > 0 ? told.join('; ') : 'Ignored: not in the audience of any ongoing sync';
  }

  async function gone(event: IncomingEvent, contactId: string, defs: SyncDefinition[]): Promise<string> {
    const removing = defs.filter((d) => d.onContactGone === 'remove');
    if (removing.length === 0) return 'Kept in Referral Factory (the sync keeps referrers whose contact is gone)';
    const email = typeof event.detail['email'] === 'string' ? event.detail['email'] : null;
    if (!email) return 'Kept in Referral Factory: the event does not say which email the contact had';
    const source = await deps.contactsFor(event.workspaceId);
    // Another contact still holding the email keeps the referrer (several contacts may share one email).
    const others = (await source.findContactsByEmail(email)).filter((c) => c.id !== contactId);
    if (others.length > 0) return 'Kept in Referral Factory: another contact has the same email';
    const directory = await deps.referralsFor(event.workspaceId, 'events');
    const told: string[] = [];
    for (const def of removing) {
      const referrer = await directory.findReferrerByEmail(def.campaignId, email);
      if (!referrer) continue;
      await directory.deleteReferrer(referrer.id);
      told.push(`Removed from ${def.campaignName ?? `campaign ${def.campaignId}`}`);
    }
    return told.length > 0 ? told.join('; ') : 'Nothing to remove: not a referrer';
  }

  const ownWrite = async (e: Pick<IncomingEvent, 'workspaceId' | 'topic' | 'subjectId' | 'subjectVersion'>) =>
    UPSERT.has(e.topic) && e.subjectId !== null && e.subjectVersion !== null && deps.recentWrites.isOwnWrite(e.workspaceId, e.subjectId, e.subjectVersion);

  /** Handles one stored Intercom event; answers what it did, throws a retryable AppError for a later attempt. */
  const handle = async (event: IncomingEvent): Promise<string> => {
    if (event.topic === 'ping') return 'Ping';
    const contactId = event.subjectId;
    if (!contactId || (!UPSERT.has(event.topic) && !GONE.has(event.topic))) return `Ignored: the app does nothing on ${event.topic}`;
    const defs = (await deps.listDefinitions(event.workspaceId)).filter((d) => d.enabled && d.schedule.type === 'ongoing' && isWizardDefinition(d));
    if (defs.length === 0) return 'Ignored: no ongoing sync';
    return GONE.has(event.topic) ? gone(event, contactId, defs) : upsert(event, contactId, defs);
  };
  return {
    handle,
    /** Known at receipt, so that the echo costs one stored record and no job. */
    settle: async (e: Pick<IncomingEvent, 'workspaceId' | 'topic' | 'subjectId' | 'subjectVersion'>) => ((await ownWrite(e)) ? OWN_WRITE : null),
  };
}

const OWN_WRITE = "Ignored: the app's own write coming back";

const isTransient = (code: string) => code === 'upstream_unavailable' || code === 'upstream_rate_limited';

function describe(outcome: ContactOutcome, def: SyncDefinition): string {
  const campaign = def.campaignName ?? `campaign ${def.campaignId}`;
  switch (outcome.kind) {
    case 'created': return `Enrolled in ${campaign}`;
    case 'linked': return `Linked to their referrer in ${campaign}`;
    case 'updated': return `Updated in ${campaign}`;
    case 'unchanged': return `Unchanged in ${campaign}`;
    case 'skipped': return `Skipped for ${campaign}: ${outcome.message}`;
    case 'failed': return `Failed for ${campaign}: ${outcome.code}`;
  }
}
