import { toAppError } from '../shared/errors.js';
import type { SyncDefinition } from './definition.js';
import { MAX_KNOWN_REFERRERS, stopsRun } from './enrol.js';
import { emailKey } from './mapping.js';
import type { ContactOutcome } from './outcome.js';
import type { ContactSource, ReferralDirectory, Referrer } from './ports.js';
import { attributeChanges, returnValues } from './write-back.js';

const RF_PAGE = 250;

export const refreshesCounts = (def: Pick<SyncDefinition, 'returnMapping'>): boolean =>
  Boolean(def.returnMapping.referrals_count || def.returnMapping.converted_referrals_count);

/**
 * The campaign's referrers with analytics, read a page at a time (`with=user.analytics`), keyed by
 * lowercased email; null when the campaign has more than `max` (200 pages of 250), and each
 * contact is then looked up instead. Held in memory for one run only
 * (nothing per contact is stored). One RF call per 250 referrers replaces one lookup per contact,
 * so re-reading contacts whose `updated_at` moved only because we wrote to them costs no RF call.
 */
export async function loadReferrers(
  directory: ReferralDirectory,
  campaignId: number,
  max = MAX_KNOWN_REFERRERS,
  /** Wraps each page read (the run waits out outages per page, not from page 1 again). */
  call: <T>(read: () => Promise<T>) => Promise<T> = (read) => read(),
): Promise<Map<string, Referrer> | null> {
  const byEmail = new Map<string, Referrer>();
  let page: number | null = 1;
  while (page !== null) {
    const at: number = page;
    const res: { referrers: Referrer[]; nextPage: number | null } = await call(() => directory.pageReferrers(campaignId, { page: at, perPage: RF_PAGE }));
    for (const r of res.referrers) byEmail.set(emailKey(r.email), r);
    if (byEmail.size > max) return null;
    page = res.nextPage;
  }
  return byEmail;
}

/**
 * Writes back the return values that changed in RF for one page of contacts. Referral counts
 * change when referrals happen, not when the contact changes, so ongoing runs page the audience
 * once more and compare: Intercom reads are cheap (150 contacts a call, 10 000 calls a minute),
 * RF reads are one call per 250 referrers, and only differing values are written.
 */
export async function refreshPage(
  source: ContactSource,
  def: Pick<SyncDefinition, 'returnMapping'>,
  referrers: Map<string, Referrer>,
  contacts: Awaited<ReturnType<ContactSource['pageAudience']>>['contacts'],
): Promise<{ refreshed: number; failures: ContactOutcome[] }> {
  let refreshed = 0;
  const failures: ContactOutcome[] = [];
  for (const contact of contacts) {
    const referrer = contact.email ? referrers.get(emailKey(contact.email)) : undefined;
    if (!referrer) continue;
    const changes = attributeChanges(contact, def.returnMapping, returnValues(referrer, false));
    if (Object.keys(changes).length === 0) continue;
    try {
      await source.updateCustomAttributes(contact.id, changes);
      refreshed += 1;
    } catch (err) {
      if (stopsRun(err)) throw err;
      const e = toAppError(err);
      failures.push({ kind: 'failed', contactId: contact.id, email: referrer.email, code: e.code, message: e.message });
    }
  }
  return { refreshed, failures };
}
