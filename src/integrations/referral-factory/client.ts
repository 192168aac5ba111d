import type { CallPriority, Campaign, CreateReferrerResult, NewReferrer, ReferralDirectory, Referrer } from '../../sync/ports.js';
import { z } from 'zod';
import { isAppError } from '../../shared/errors.js';
import { keepAliveFetch } from '../shared/keep-alive-fetch.js';
import { getUserOf } from './get-user.js';
import { createRfHttp, RfRejection } from './http.js';
import type { CampaignCache } from './campaign-cache.js';
import { keyFingerprint, sharedRateBudget } from './rate-budget.js';
import type { RateBudget } from './rate-budget.js';
import { isEmailTaken, one, page, RfCampaignWire, RfUserWire, toCampaign, toReferrer } from './wire.js';

export interface ReferralFactoryClientOptions {
  /** e.g. `https://referral-factory.com/api/v2` (the docs name two hosts: keep it configurable). */
  baseUrl: string;
  apiKey: string;
  /** Default: the process-wide budget of this key (600 calls/min). */
  budget?: RateBudget;
  /** Whose calls these are within the key's budget; default `bulk` (a person waiting asks for `interactive`). */
  priority?: CallPriority;
  timeoutMs?: number;
  maxRetries?: number;
  /** First retry delay; tests shorten it. */
  retryMinDelayMs?: number;
  fetch?: typeof fetch;
  /** RF's `notify` on create: whether RF emails the new referrer. Default false, as RF's own CRM syncs do. */
  notify?: boolean;
  /**
   * Campaigns read lately by this process (campaign-cache.ts). People's and webhook reads use it; a
   * run (`bulk`) reads afresh at its start and refreshes it. Default: none, every read goes to RF.
   */
  campaigns?: CampaignCache;
}

const MAX_CAMPAIGN_PAGES = 20;
// Built once: zod compiles a schema on its first parse, so a schema made per call costs that each time.
const CampaignPage = page(RfCampaignWire);
const OneCampaign = one(RfCampaignWire);
const UserPage = page(RfUserWire);
const OneUser = one(RfUserWire);
/** Whatever RF answers to a delete: nothing of it is used. */
const Deleted = z.unknown();
const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const metaList = (meta: Record<string, string>) => Object.entries(meta).map(([field, value]) => ({ field, value }));

/** The ReferralDirectory port over RF's public API v2 (https://developers.referral-factory.com/). */
export function createReferralFactoryClient(opts: ReferralFactoryClientOptions): ReferralDirectory {
  const request = createRfHttp({
    baseUrl: opts.baseUrl,
    apiKey: opts.apiKey,
    budget: opts.budget ?? sharedRateBudget(opts.apiKey),
    priority: opts.priority ?? 'bulk',
    // RF has been seen answering in >25 s now and then (reference §1): short timeout, then retry.
    timeoutMs: opts.timeoutMs ?? 10_000,
    retry: { retries: opts.maxRetries ?? 4, ...(opts.retryMinDelayMs === undefined ? {} : { minDelayMs: opts.retryMinDelayMs }) },
    fetch: opts.fetch ?? keepAliveFetch,
  });

  // The key's fingerprint and the host, never the key: a campaign id read with one key is not another key's to see.
  const scope = `${keyFingerprint(opts.apiKey)} ${opts.baseUrl}`;
  const cache = opts.campaigns;
  const readCampaign = async (id: number) => {
    const res = await request({ method: 'GET', path: `/campaigns/${encodeURIComponent(id)}` }, OneCampaign);
    return toCampaign(res.data);
  };

  return {
    // GET /campaigns — https://referral-factory.com/help/articles/referral-factory-api-getting-started (paging per reference/referral-factory.md §1)
    async listCampaigns(): Promise<Campaign[]> {
      const all: Campaign[] = [];
      for (let p = 1; p <= MAX_CAMPAIGN_PAGES; p++) {
        const res = await request({ method: 'GET', path: '/campaigns', query: { page: p, per_page: 100 } }, CampaignPage);
        all.push(...res.data.map(toCampaign));
        if (!res.links?.next || res.data.length === 0) break;
      }
      for (const c of all) cache?.put(scope, c);
      return all;
    },

    // GET /campaigns/{id} — https://referral-factory.com/help/articles/referral-factory-api-getting-started
    async getCampaign(id) {
      if (!cache) return readCampaign(id);
      if ((opts.priority ?? 'bulk') !== 'bulk') return cache.get(scope, id, () => readCampaign(id));
      const campaign = await readCampaign(id);
      cache.put(scope, campaign);
      return campaign;
    },

    // POST /users/search — https://help.referral-factory.com/en/articles/12952542-how-to-use-the-referral-factory-api-to-create-a-logged-in-experience-web-or-app
    async findReferrerByEmail(campaignId, email): Promise<Referrer | null> {
      const res = await request(
        { method: 'POST', path: '/users/search', body: { campaign_id: campaignId, email: email.trim(), with: 'user.analytics', per_page: 25 } },
        UserPage,
      );
      // Filter again: an API that ignores a filter must not hand us another campaign's user.
      const hit = res.data.find((u) => u.campaign_id === campaignId && sameEmail(u.email, email));
      return hit ? toReferrer(hit) : null;
    },

    // POST /users — https://referral-factory.com/help/articles/referral-factory-api-getting-started; errors: https://developers.referral-factory.com/reference/errors
    async createReferrer(input: NewReferrer): Promise<CreateReferrerResult> {
      const body = { campaign_id: input.campaignId, first_name: input.firstName, email: input.email, meta: metaList(input.meta), notify: opts.notify ?? false };
      try {
        const res = await request({ method: 'POST', path: '/users', body }, OneUser);
        return { kind: 'created', referrer: toReferrer(res.data) };
      } catch (err) {
        if (err instanceof RfRejection && isEmailTaken(err.body)) return { kind: 'email_taken' };
        // Refused for its fields, perhaps: the campaign may have changed in RF since it was cached.
        if (err instanceof RfRejection) cache?.forget(scope, input.campaignId);
        throw err;
      }
    },

    // PUT /users/{id} — https://referral-factory.com/help/articles/referral-factory-api-getting-started
    async updateReferrer(id, patch) {
      const body = { ...(patch.firstName === undefined ? {} : { first_name: patch.firstName }), ...(patch.meta ? { meta: metaList(patch.meta) } : {}) };
      const res = await request({ method: 'PUT', path: `/users/${id}`, body }, OneUser);
      return toReferrer(res.data);
    },

    // DELETE /users/{id} — reference/referral-factory.md §2 ("Delete user", irreversible)
    async deleteReferrer(id) {
      try {
        await request({ method: 'DELETE', path: `/users/${id}` }, Deleted);
      } catch (err) {
        if (isAppError(err, 'upstream_not_found')) return;
        throw err;
      }
    },

    // GET /users — https://developers.referral-factory.com/ (user object: /reference/user-structure)
    async pageReferrers(campaignId, { page: n, perPage = 100 }) {
      const res = await request(
        { method: 'GET', path: '/users', query: { campaign_id: campaignId, page: n, per_page: Math.min(perPage, 250), with: 'user.analytics' } },
        UserPage,
      );
      // v1 was seen ignoring campaign_id (reference §2): keep only this campaign's referrers.
      const referrers = res.data.filter((u) => u.campaign_id === campaignId && (u.type ?? 'person_referring') === 'person_referring').map(toReferrer);
      return { referrers, nextPage: res.links?.next ? n + 1 : null };
    },

    getUser: (ref) => getUserOf(request, ref),
  };
}
