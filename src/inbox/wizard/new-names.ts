import type { SyncDefinition } from '../../sync/definition.js';
import { NEW_PREFIX_PATTERN, RETURN_VALUES, type Draft, type ReturnValueId } from './state.js';

// The attributes the app creates for a sync's return values ("new" in step 3). The first sync gets
// rf_referral_link and so on; a sync into another campaign must not share them (each run would
// overwrite the other campaign's link), so its names carry the campaign: rf_partner_program_referral_link.
// Syncs into the same campaign share them (same email, same referrer, same values).

/** What follows the prefix, per return value. */
const BASE: Record<ReturnValueId, string> = {
  referral_link: 'referral_link',
  referrals_count: 'referrals_count',
  converted_referrals_count: 'converted_referrals_count',
  referrer_id: 'referrer_id',
  referred_by_name: 'referred_by_name',
  referred_by_email: 'referred_by_email',
  referred_by_code: 'referred_by_code',
};

export const DEFAULT_NEW_PREFIX = 'rf_';
const SLUG_MAX = 24;

export const newNameOf = (v: ReturnValueId, prefix: string | undefined): string => `${prefix ?? DEFAULT_NEW_PREFIX}${BASE[v]}`;

/** The prefix of a name the app would have created for `v`, or undefined when it is someone else's attribute. */
export function prefixOfNewName(v: ReturnValueId, name: string): string | undefined {
  if (!name.endsWith(BASE[v])) return undefined;
  const prefix = name.slice(0, name.length - BASE[v].length);
  return NEW_PREFIX_PATTERN.test(prefix) ? prefix : undefined;
}

const slug = (name: string): string =>
  name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, SLUG_MAX).replace(/_+$/, '');

/**
 * The prefix for a sync into `campaign`: the one it has when it is still free of other campaigns'
 * syncs, else `rf_`, else one naming the campaign, else its id.
 */
export function chooseNewPrefix(
  campaign: { id: number; name: string },
  syncs: readonly SyncDefinition[],
  editing: string | undefined,
  current: string | undefined,
): string {
  const taken = new Set(syncs.filter((d) => d.id !== editing && d.campaignId !== campaign.id).flatMap((d) => Object.values(d.returnMapping)));
  const free = (prefix: string) => RETURN_VALUES.every((v) => !taken.has(newNameOf(v, prefix)));
  const named = slug(campaign.name);
  const candidates = [current, DEFAULT_NEW_PREFIX, named ? `rf_${named}_` : undefined, `rf_campaign_${campaign.id}_`];
  return candidates.find((p): p is string => p !== undefined && NEW_PREFIX_PATTERN.test(p) && free(p)) ?? `rf_campaign_${campaign.id}_`;
}

/** Editing a saved sync: the prefix its "new" attributes were created with. */
export function prefixOfDefinition(def: Pick<SyncDefinition, 'returnMapping'>): string | undefined {
  for (const v of RETURN_VALUES) {
    const name = def.returnMapping[v];
    const prefix = name ? prefixOfNewName(v, name) : undefined;
    if (prefix) return prefix;
  }
  return undefined;
}

export const draftNewName = (d: Pick<Draft, 'newPrefix'>, v: ReturnValueId): string => newNameOf(v, d.newPrefix);
