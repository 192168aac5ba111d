import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import type { ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { createReferralFactoryClient } from '../../src/integrations/referral-factory/client.js';
import { createRateBudget } from '../../src/integrations/referral-factory/rate-budget.js';
import { AppError } from '../../src/shared/errors.js';

let rf: ReferralFactorySandbox;
const client = (over: Partial<Parameters<typeof createReferralFactoryClient>[0]> = {}) =>
  createReferralFactoryClient({
    baseUrl: rf.baseUrl,
    apiKey: rf.apiKey,
    budget: createRateBudget({ callsPerWindow: 1000, windowMs: 1000 }),
    retryMinDelayMs: 10,
    timeoutMs: 2000,
    ...over,
  });
const rejection = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e as AppError);

beforeAll(async () => {
  rf = await startReferralFactorySandbox({ seed: { referrers: 30, referrerEmails: ['ada@example.com'] }, ratePerMinute: 0 });
});
afterAll(() => rf.close());

describe('Referral Factory client against the stand-in', () => {
  it('when campaigns are listed, then each comes with its referrer form fields and which are required', async () => {
    const campaigns = await client().listCampaigns();
    expect(campaigns.map((c) => c.id)).toEqual([1, 2]);
    const company = campaigns[0]?.fields.find((f) => f.label === 'Company Name');
    expect(company).toMatchObject({ required: true, type: 'input' });
    expect(campaigns[0]?.fields.map((f) => f.id)).toEqual(expect.arrayContaining(['first_name', 'email']));
    expect((await client().getCampaign(2)).name).toBe('Partner Program');
  });

  it('when referrers are created, then RF is told not to notify them unless the app is configured to', async () => {
    const meta = { 'Company Name': 'Quiet Ltd' };
    const quiet = await client().createReferrer({ campaignId: 1, firstName: 'Quinn', email: 'quinn@example.com', meta });
    const loud = await client({ notify: true }).createReferrer({ campaignId: 1, firstName: 'Lou', email: 'lou@example.com', meta });
    const notified = (id: number) => rf.control.getUser(id)?.notified;
    expect(quiet.kind === 'created' && notified(quiet.referrer.id)).toBe(false);
    expect(loud.kind === 'created' && notified(loud.referrer.id)).toBe(true);
  });

  it('when a referrer is created, then it can be found by email, updated, and a second create reports email_taken', async () => {
    const rfc = client();
    const created = await rfc.createReferrer({ campaignId: 1, firstName: 'Grace', email: 'grace@example.com', meta: { 'Company Name': 'Navy' } });
    expect(created.kind).toBe('created');
    if (created.kind !== 'created') return;
    expect(created.referrer).toMatchObject({ campaignId: 1, email: 'grace@example.com', firstName: 'Grace', meta: { 'Company Name': 'Navy' } });
    expect(created.referrer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/r\//);

    expect(await rfc.createReferrer({ campaignId: 1, firstName: 'G', email: 'GRACE@example.com', meta: { 'Company Name': 'X' } })).toEqual({ kind: 'email_taken' });
    const found = await rfc.findReferrerByEmail(1, 'Grace@Example.com');
    expect(found).toMatchObject({ id: created.referrer.id, referrals: 0, qualifiedReferrals: 0 });
    expect(await rfc.findReferrerByEmail(2, 'grace@example.com')).toBeNull();

    const updated = await rfc.updateReferrer(created.referrer.id, { firstName: 'Grace H', meta: { 'Company Name': 'Yale' } });
    expect(updated).toMatchObject({ firstName: 'Grace H', meta: { 'Company Name': 'Yale' } });
  });

  it('when RF refuses a create for another reason, then the error carries its field messages and never the key', async () => {
    const err = await rejection(client().createReferrer({ campaignId: 1, firstName: 'No Company', email: 'nc@example.com', meta: {} }));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'upstream_rejected', status: 422 });
    expect(err.message).toContain('Company Name');
    expect(err.message).not.toContain(rf.apiKey);
  });

  it('when referrers are paged with analytics, then every page holds only referrers with counts and the last page ends it', async () => {
    rf.control.simulateReferral({ referrerEmail: 'ada@example.com', count: 2, qualified: true });
    const rfc = client();
    const seen: number[] = [];
    let ada;
    for (let page: number | null = 1; page !== null; ) {
      const res = await rfc.pageReferrers(1, { page, perPage: 10 });
      seen.push(...res.referrers.map((r) => r.id));
      ada ??= res.referrers.find((r) => r.email === 'ada@example.com');
      expect(res.referrers.every((r) => r.campaignId === 1 && r.referrals !== null)).toBe(true);
      page = res.nextPage;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(ada?.referrals).toBeGreaterThanOrEqual(2);
    expect(ada?.qualifiedReferrals).toBeGreaterThanOrEqual(2);
  });

  it('when RF answers 503 and 429 a few times, then the call is retried and succeeds', async () => {
    rf.control.injectFaults({ status: 503, count: 2, match: 'GET /campaigns' });
    rf.control.injectFaults({ status: 429, count: 1, match: 'GET /campaigns' });
    expect((await client().listCampaigns()).length).toBe(2);
  });

  it('when the faults outlast the retries, then the error says unavailable and is retryable', async () => {
    rf.control.injectFaults({ status: 500, count: 3, match: 'GET /campaigns' });
    const err = await rejection(client({ maxRetries: 1 }).listCampaigns());
    expect(err).toMatchObject({ code: 'upstream_unavailable', status: 500, retryable: true });
    rf.control.clearFaults();
  });

  it('when the key is wrong, then upstream_auth_failed comes back at once without the key in it', async () => {
    const before = rf.control.stats().requests;
    const err = await rejection(client({ apiKey: 'wrong-key-123' }).listCampaigns());
    expect(err).toMatchObject({ code: 'upstream_auth_failed', status: 401 });
    expect(err.message).not.toContain('wrong-key-123');
    expect(rf.control.stats().requests - before).toBe(1);
  });

  it('when nothing listens, then the call fails as unavailable after its retries', async () => {
    const err = await rejection(client({ baseUrl: 'http://127.0.0.1:9/api/v2', maxRetries: 1 }).listCampaigns());
    expect(err).toMatchObject({ code: 'upstream_unavailable', retryable: true });
  });

  it('when RF is slower than the timeout, then the call times out and is retried', async () => {
    rf.control.setLatency(400);
    try {
      const err = await rejection(client({ timeoutMs: 100, maxRetries: 1 }).getCampaign(1));
      expect(err).toMatchObject({ code: 'upstream_unavailable' });
      expect(err.message).toMatch(/in time/);
    } finally {
      rf.control.setLatency(0);
    }
  });
});
