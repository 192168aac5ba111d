import { isAppError, toAppError } from '../shared/errors.js';
import { firstNameFallbackOf, type SyncDefinition } from './definition.js';
import { emailOwner, ownerCanBeFound } from './email-owner.js';
import { emailKey, mapContact, type MappedRecord, type MappingResult } from './mapping.js';
import type { ContactOutcome } from './outcome.js';
import type { Campaign, ContactSource, IntercomContact, ReferralDirectory, Referrer } from './ports.js';
import { attributeChanges, returnValues } from './write-back.js';

export interface EnrolContext {
  def: Pick<SyncDefinition, 'campaignId' | 'fieldMapping' | 'returnMapping' | 'firstNameFallback'>;
  campaign: Campaign;
  source: ContactSource;
  directory: ReferralDirectory;
  /** The campaign's referrers by lowercased email, when the run could hold them; a miss means "not enrolled yet". */
  known?: Map<string, Referrer> | null;
  /** Size at which `known` stops taking the referrers this run creates (default MAX_KNOWN_REFERRERS). */
  knownLimit?: number;
  /** Owners of shared emails found during the run (email-owner.ts), by lowercased email. */
  owners?: Map<string, IntercomContact>;
  /** Values typed on the card for campaign fields the contact leaves empty, by RF field id (mapping.ts). */
  supplied?: Readonly<Record<string, string>>;
}

/** The contact mapped onto the campaign's form with the definition's rules and First Name fallback. */
export const mapFor = (ctx: Pick<EnrolContext, 'def' | 'campaign' | 'supplied'>, contact: IntercomContact): MappingResult =>
  mapContact(ctx.def.fieldMapping, ctx.campaign.fields, contact, firstNameFallbackOf(ctx.def), ctx.supplied);

/**
 * The field update this contact's referrer needs, if any. A contact that shares its email and is
 * not its owner never pushes its own fields: the referrer follows the owner's (email-owner.ts).
 */
async function ownersPatch(ctx: EnrolContext, contact: IntercomContact, referrer: Referrer, record: MappedRecord) {
  const patch = fieldPatch(referrer, record);
  if (!patch || !contact.email || !ownerCanBeFound(ctx.def)) return patch;
  const owner = await emailOwner(ctx.source, contact, ctx.owners);
  if (owner.id === contact.id) return patch;
  const theirs = mapFor(ctx, owner);
  return theirs.ok ? fieldPatch(referrer, theirs.record) : null;
}

/** Most referrers a run loads from RF to hold by email; a larger campaign is looked up per contact. */
export const MAX_KNOWN_REFERRERS = 50_000;
/**
 * Referrers a run remembers among those it creates (so a second contact with the same email is
 * linked without an RF call). Bounded so that a run's memory stays flat however large the
 * audience: past it, a duplicate costs RF calls (create → email_taken → find), never a wrong result.
 */
export const MAX_CREATED_REMEMBERED = 10_000;

/** Errors that stop a whole run instead of failing one contact: a bad token, or one lacking a permission, fails every contact alike. */
export const stopsRun = (err: unknown): boolean => 
  isAppError(err, 'upstream_auth_failed') || isAppError(err, 'upstream_permission_missing') || isAppError(err, 'upstream_forbidden');

function fieldPatch(existing: Referrer, record: MappedRecord): { firstName?: string; meta?: Record<string, string> } | null {
  const meta = Object.fromEntries(Object.entries(record.meta).filter(([label, value]) => existing.meta[label] !== value));
  const patch = {
    ...(existing.firstName !== record.firstName ? { firstName: record.firstName } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
  };
  return Object.keys(patch).length > 0 ? patch : null;
}

async function writeBack(ctx: EnrolContext, contact: IntercomContact, referrer: Referrer, justCreated: boolean): Promise<string[]> {
  const changes = attributeChanges(contact, ctx.def.returnMapping, returnValues(referrer, justCreated));
  const names = Object.keys(changes);
  if (names.length > 0) await ctx.source.updateCustomAttributes(contact.id, changes);
  return names;
}

async function createOrFind(ctx: EnrolContext, contact: IntercomContact, record: MappedRecord): Promise<{ referrer: Referrer; created: boolean }> {
  const campaignId = ctx.def.campaignId;
  const linkAttr = ctx.def.returnMapping.referral_link;
  const hit = ctx.known?.get(emailKey(record.email));
  if (hit) return { referrer: hit, created: false };
  // A contact that already carries a link was most likely enrolled before: look it up first (one RF call, not two).
  if (!ctx.known && linkAttr && contact.customAttributes[linkAttr]) {
    const found = await ctx.directory.findReferrerByEmail(campaignId, record.email);
    if (found) return { referrer: found, created: false };
  }
  const res = await ctx.directory.createReferrer({ campaignId, firstName: record.firstName, email: record.email, meta: record.meta });
  if (res.kind === 'created') {
    if (ctx.known && ctx.known.size < (ctx.knownLimit ?? MAX_KNOWN_REFERRERS)) ctx.known.set(emailKey(record.email), { ...res.referrer, referrals: 0, qualifiedReferrals: 0 });
    return { referrer: res.referrer, created: true };
  }
  // The email is already in the campaign: link to that referrer. This is what makes replays idempotent.
  const found = await ctx.directory.findReferrerByEmail(campaignId, record.email);
  if (!found) throw toAppError(new Error('RF reports the email as taken but does not find its referrer'));
  return { referrer: found, created: false };
}

/**
 * Enrols one contact in the campaign and writes the return fields back. Returns an outcome for
 * every expected failure; throws only what stops the run (`stopsRun`).
 */
export async function enrolContact(ctx: EnrolContext, contact: IntercomContact): Promise<ContactOutcome> {
  const mapped = mapFor(ctx, contact);
  if (!mapped.ok) {
    return { kind: 'skipped', contactId: contact.id, ...(contact.email ? { email: contact.email } : {}), reason: mapped.reason, message: mapped.message };
  }
  const { record } = mapped;
  try {
    const { referrer, created } = await createOrFind(ctx, contact, record);
    if (created) {
      const written = await writeBack(ctx, contact, referrer, true);
      return { kind: 'created', contactId: contact.id, email: record.email, referrerId: referrer.id, written };
    }
    const patch = await ownersPatch(ctx, contact, referrer, record);
    if (patch) {
      await ctx.directory.updateReferrer(referrer.id, patch);
      // Later holders of this email in the run compare against what RF now holds.
      const key = emailKey(record.email);
      if (ctx.known?.has(key)) ctx.known.set(key, { ...referrer, firstName: patch.firstName ?? referrer.firstName, meta: { ...referrer.meta, ...patch.meta } });
    }
    const written = await writeBack(ctx, contact, referrer, false);
    const base = { contactId: contact.id, email: record.email, referrerId: referrer.id };
    if (patch) return { kind: 'updated', ...base, written };
    if (written.length > 0) return { kind: 'linked', ...base, written };
    return { kind: 'unchanged', ...base };
  } catch (err) {
    if (stopsRun(err)) throw err;
    const e = toAppError(err);
    return { kind: 'failed', contactId: contact.id, email: record.email, code: e.code, message: e.message };
  }
}

/** What `enrolContact` would do, with reads only (dry run). `lookup` false: mapping only, no RF call. */
export async function previewContact(ctx: EnrolContext, contact: IntercomContact, lookup: boolean): Promise<{ outcome: ContactOutcome; record: MappedRecord | null }> {
  const mapped = mapFor(ctx, contact);
  if (!mapped.ok) {
    return { record: null, outcome: { kind: 'skipped', contactId: contact.id, ...(contact.email ? { email: contact.email } : {}), reason: mapped.reason, message: mapped.message } };
  }
  const { record } = mapped;
  const base = { contactId: contact.id, email: record.email };
  if (!lookup) return { record, outcome: { kind: 'created', ...base, referrerId: null, written: [] } };
  try {
    const found = await ctx.directory.findReferrerByEmail(ctx.def.campaignId, record.email);
    if (!found) return { record, outcome: { kind: 'created', ...base, referrerId: null, written: [] } };
    const written = Object.keys(attributeChanges(contact, ctx.def.returnMapping, returnValues(found, false)));
    const kind = fieldPatch(found, record) ? 'updated' : written.length > 0 ? 'linked' : 'unchanged';
    return { record, outcome: kind === 'unchanged' ? { kind, ...base, referrerId: found.id } : { kind, ...base, referrerId: found.id, written } };
  } catch (err) {
    if (stopsRun(err)) throw err;
    const e = toAppError(err);
    return { record, outcome: { kind: 'failed', ...base, code: e.code, message: e.message } };
  }
}
