import type { IncomingEvent } from '../events/incoming-event.js';
import { isWizardDefinition, type SyncDefinition } from './definition.js';
import { emailKey } from './mapping.js';
import type { JoinerContactRepository } from './joiner-contacts.js';
import type { AttributeValue, ContactSource, IntercomContact, ReferralDirectory, RfUser, RfUserRef } from './ports.js';
import type { RecentWrites } from './echo-guard.js';
import { isOwnEnrolment } from './rf-echo.js';
import { createOrUpdateJoiner, joinedOnRfPage, newReferrerRole } from './rf-joiners.js';
import { attributeChanges, referredByValues, returnValues } from './write-back.js';

// Referral Factory's outbound webhooks, processed (issue #15). The payload was only a hint of who
// changed (webhook-hint.ts): the user is read again from RF, then
//  - a referrer's link and counts go to the Intercom contacts holding their email (the same
//    write-back as runs and the card: only values that differ are written);
//  - a person invited by a referrer: the referrer's counts changed (a new lead, a qualified one),
//    so the referrer's contacts are written as above, and the invited person's own contacts (by
//    email) get the syncs' Referred by attributes when those are mapped;
//  - a referrer who joined on RF's own page and has no Intercom contact yet is created as a lead
//    or a user when a sync on the campaign says so (rf-joiners.ts).
// Every wizard sync on the user's campaign takes part with its own return mapping. Contacts are
// found by Intercom's search, which may lag for a contact created seconds ago: the next ongoing
// run writes what an event missed.

/** The kinds of RF event the app tells apart (RF's own events: reference/referral-factory.md §3). */
export const RF_EVENT_KINDS = ['referrer_joined', 'lead_created', 'lead_qualified'] as const;
export type RfEventKind = (typeof RF_EVENT_KINDS)[number];

export interface RfEventInput {
  workspaceId: string;
  hint: { id?: number | undefined; code?: string | undefined; email?: string | undefined };
}

export interface RfEventDeps {
  listDefinitions(workspaceId: string): Promise<SyncDefinition[]>;
  contactsFor(workspaceId: string): Promise<ContactSource>;
  /** RF calls made for an event (the `events` priority class where budgets know it). */
  referralsFor(workspaceId: string): Promise<ReferralDirectory>;
  /** Creates a sync's missing return attributes, once per sync and a while (events come in bursts). */
  returnAttributes(def: SyncDefinition, source: ContactSource): Promise<void>;
  /** Runs `fn` after every earlier call with the same key has finished (see serialByKey). */
  serial<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** The Intercom contacts made for RF-page joiners (rf-joiners.ts). */
  joiners: JoinerContactRepository;
  /** The referrers the app created lately (rf-echo.ts): their "new referrer" event is our own echo. */
  recentWrites: RecentWrites;
  now(): number;
}

/**
 * One at a time per key, in this process: events about one referrer come in bursts (each
 * referral is one), and two handled at once could read 2 and 3 from RF and write 3, then 2. In
 * the distributed mode two workers may still interleave; the next event or run writes the
 * right value.
 */
export function serialByKey(): RfEventDeps['serial'] {
  const tails = new Map<string, Promise<unknown>>();
  return (key, fn) => {
    const run = (tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
    tails.set(key, run);
    void run.finally(() => tails.get(key) === run && tails.delete(key)).catch(() => undefined);
    return run;
  };
}

/** The kind an event was, from the user RF holds (when the URL did not say). */
export const kindOf = (user: Pick<RfUser, 'type' | 'qualified'>): RfEventKind =>
  user.type === 'referrer' ? 'referrer_joined' : user.qualified ? 'lead_qualified' : 'lead_created';

async function findUser(directory: ReferralDirectory, hint: RfEventInput['hint'], campaigns: number[]): Promise<RfUser | null> {
  const refs: RfUserRef[] = [];
  if (hint.id !== undefined) refs.push({ id: hint.id });
  if (hint.code !== undefined) refs.push({ code: hint.code });
  if (hint.email !== undefined) for (const campaignId of campaigns) refs.push({ email: hint.email, campaignId });
  for (const ref of refs) {
    const user = await directory.getUser(ref);
    if (user) return user;
  }
  return null;
}

type Part = { def: SyncDefinition; values: Partial<Record<string, AttributeValue | undefined>> };

/** Writes each contact's changed values; attributes are created first when missing. Returns how many contacts were written. */
async function write(deps: RfEventDeps, source: ContactSource, contacts: IntercomContact[], parts: Part[]): Promise<number> {
  let written = 0;
  for (const contact of contacts) {
    const changes: Record<string, AttributeValue> = {};
    for (const part of parts) {
      const c = attributeChanges(contact, part.def.returnMapping, part.values);
      if (Object.keys(c).length === 0) continue;
      await deps.returnAttributes(part.def, source);
      Object.assign(changes, c);
    }
    if (Object.keys(changes).length === 0) continue;
    await source.updateCustomAttributes(contact.id, changes);
    written += 1;
  }
  return written;
}

/**
 * The contacts holding `email`, as they are now: search finds them, but its index may hold an
 * older version of their attributes (minutes, reference/intercom-api.md), so each is read again
 * before its values are compared.
 */
async function holders(source: ContactSource, email: string): Promise<IntercomContact[]> {
  const found = (await source.findContactsByEmail(email)).filter((c) => c.email !== null && emailKey(c.email) === emailKey(email));
  const fresh = await Promise.all(found.map((c) => source.getContact(c.id)));
  return fresh.filter((c): c is IntercomContact => c !== null);
}

export const OWN_ENROLMENT = 'Ignored: the app’s own enrolment coming back';

/** What the app did, in a few words (kept with the event; shown to admins). */
export async function handleRfEvent(deps: RfEventDeps, input: RfEventInput): Promise<{ outcome: string; kind: RfEventKind | null }> {
  const defs = (await deps.listDefinitions(input.workspaceId)).filter(isWizardDefinition);
  if (defs.length === 0) return { outcome: 'Ignored: no sync is set up', kind: null };
  // Before any RF call: a referrer a run or a card just created has its link and counts already.
  if (await isOwnEnrolment(deps.recentWrites, input.workspaceId, input.hint)) return { outcome: OWN_ENROLMENT, kind: 'referrer_joined' };
  const directory = await deps.referralsFor(input.workspaceId);
  const user = await findUser(directory, input.hint, [...new Set(defs.map((d) => d.campaignId))]);
  if (!user) return { outcome: 'Ignored: Referral Factory has no such user in a synced campaign', kind: null };
  const kind = kindOf(user);
  const syncs = defs.filter((d) => d.campaignId === user.campaignId);
  if (syncs.length === 0) return { outcome: `Ignored: campaign ${user.campaignId} is not synced`, kind };
  const referrerId = user.type === 'referrer' ? user.id : user.referrerId;
  if (referrerId === null) return { outcome: 'Ignored: the invited person has no referrer', kind };
  const source = await deps.contactsFor(input.workspaceId);
  // Read and written under the referrer's key: the counts written are the latest read.
  const done = await deps.serial(`${input.workspaceId}\u0000${referrerId}`, async () => {
    const referrer = user.type === 'referrer' ? user : await directory.getUser({ id: referrerId });
    if (!referrer) return null;
    const parts = syncs.map((def) => ({ def, values: returnValues(referrer, false) }));
    const found = await holders(source, referrer.email);
    // No contact has the email: a referrer who joined on RF's page may get one (rf-joiners.ts).
    const role = user.type === 'referrer' && found.length === 0 ? newReferrerRole(syncs) : null;
    if (role && joinedOnRfPage(referrer)) {
      const writeTo = (contacts: IntercomContact[]) => write(deps, source, contacts, parts);
      return { referrer, said: [await createOrUpdateJoiner(deps, { workspaceId: input.workspaceId, referrer, role, syncs, source, writeTo })] };
    }
    const counts = await write(deps, source, found, parts);
    const said = [`${counts} referrer contact${counts === 1 ? '' : 's'} updated`];
    if (role) said.push(`not created in Intercom: Referral Factory gives its source as ${referrer.source ?? 'unknown'}, not its own page`);
    return { referrer, said };
  });
  if (!done) return { outcome: 'Ignored: the invited person has no referrer Referral Factory knows', kind };
  const { referrer, said } = done;
  if (user.type === 'invited') {
    const marked = await write(deps, source, await holders(source, user.email), syncs.map((def) => ({ def, values: referredByValues(referrer) })));
    said.push(`${marked} referred contact${marked === 1 ? '' : 's'} marked`);
  }
  return { outcome: said.join(', '), kind };
}

/** What the durable event record keeps of a hint (RF sends no event id; the payload itself is not kept). */
export const hintDetail = (hint: RfEventInput['hint']): Record<string, string | number> => ({
  ...(hint.id === undefined ? {} : { id: hint.id }),
  ...(hint.code === undefined ? {} : { code: hint.code }),
  ...(hint.email === undefined ? {} : { email: hint.email }),
});

/** The job side: an RF event record → what the app did. */
export function createRfEventHandler(deps: RfEventDeps): (event: IncomingEvent) => Promise<string> {
  return async (event) => {
    const d = event.detail;
    const hint = {
      id: typeof d.id === 'number' ? d.id : undefined,
      code: typeof d.code === 'string' ? d.code : undefined,
      email: typeof d.email === 'string' ? d.email : undefined,
    };
    if (hint.id === undefined && hint.code === undefined && hint.email === undefined) return 'Ignored: the payload names no user (send the id, code or email)';
    return (await handleRfEvent(deps, { workspaceId: event.workspaceId, hint })).outcome;
  };
}

/** Recent events looked at for "when did each kind last arrive" (the store keeps up to 1,000 finished per workspace). */
export const RF_EVENTS_LOOKED_AT = 1_000;

/** When the last RF event of each kind arrived, by the kind its URL named (the app-settings page gives one URL per kind). */
export function lastOfEachKind(events: ReadonlyArray<Pick<IncomingEvent, 'source' | 'topic' | 'receivedAt'>>): Record<RfEventKind, number | null> {
  const last: Record<RfEventKind, number | null> = { referrer_joined: null, lead_created: null, lead_qualified: null };
  for (const e of events) {
    if (e.source !== 'referral_factory' || !(RF_EVENT_KINDS as readonly string[]).includes(e.topic)) continue;
    const k = e.topic as RfEventKind;
    last[k] = Math.max(last[k] ?? 0, e.receivedAt);
  }
  return last;
}
