import { describe, expect, it } from 'vitest';
import { createReferralFactoryClient } from '../../../src/integrations/referral-factory/client.js';
import { createRateBudget } from '../../../src/integrations/referral-factory/rate-budget.js';
import { fieldMessages, isEmailTaken, RfErrorWire, RfUserWire, toReferrer } from '../../../src/integrations/referral-factory/wire.js';

const campaign = { id: 1, name: 'C', status: 'launched', fields: { person_referring: [] } };
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('rate budget', () => {
  it('when 23 calls are started at once, then no 200-ms window ever holds more than 5 starts', async () => {
    const budget = createRateBudget({ callsPerWindow: 5, windowMs: 200, marginMs: 10 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 23 }, () => budget.run(async () => void starts.push(performance.now()))));
    const worst = Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + 200).length));
    expect(worst).toBeLessThanOrEqual(5);
    expect(budget.started).toBe(23);
  });

  it('when calls per window is Infinity, then 1000 calls start without spacing', async () => {
    const budget = createRateBudget({ callsPerWindow: Number.POSITIVE_INFINITY });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 1000 }, () => budget.run(async () => undefined)));
    expect(budget.started).toBe(1000);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('when the budget is paused after a 429, then the next call starts only after the pause', async () => {
    const budget = createRateBudget({ callsPerWindow: 100, windowMs: 1000 });
    await budget.run(async () => undefined);
    const t0 = performance.now();
    budget.pause(250);
    const started = await budget.run(async () => performance.now());
    expect(started - t0).toBeGreaterThanOrEqual(245);
  });
});

describe('Referral Factory retries (vendor answers scripted at the fetch boundary)', () => {
  it('when RF answers 429 with Retry-After: 1, then the client waits at least that long and the retry succeeds', async () => {
    const answers = [json(429, { code: 429, message: 'Too Many Attempts.' }, { 'retry-after': '1' }), json(200, { data: campaign })];
    const calls: number[] = [];
    const fetchStub: typeof fetch = async () => {
      calls.push(performance.now());
      return answers.shift() as Response;
    };
    const client = createReferralFactoryClient({ baseUrl: 'http://127.0.0.1:1/api/v2', apiKey: 'k-1234', fetch: fetchStub, budget: createRateBudget(), retryMinDelayMs: 1 });
    expect((await client.getCampaign(1)).name).toBe('C');
    expect(calls).toHaveLength(2);
    expect((calls[1] as number) - (calls[0] as number)).toBeGreaterThanOrEqual(990);
  });

  it('when RF answers 400, then there is no retry', async () => {
    let n = 0;
    const fetchStub: typeof fetch = async () => (n++, json(400, { code: 400, message: 'Bad Request' }));
    const client = createReferralFactoryClient({ baseUrl: 'http://127.0.0.1:1/api/v2', apiKey: 'k-1234', fetch: fetchStub, budget: createRateBudget(), retryMinDelayMs: 1 });
    await expect(client.listCampaigns()).rejects.toMatchObject({ code: 'upstream_rejected', status: 400 });
    expect(n).toBe(1);
  });

  it('when RF returns a user without a url, then the error is upstream_invalid_response', async () => {
    const fetchStub: typeof fetch = async () => json(200, { data: { id: 1, campaign_id: 1, code: 'x', email: 'a@b.c' } });
    const client = createReferralFactoryClient({ baseUrl: 'http://127.0.0.1:1/api/v2', apiKey: 'k-1234', fetch: fetchStub, budget: createRateBudget() });
    await expect(client.updateReferrer(1, { firstName: 'A' })).rejects.toMatchObject({ code: 'upstream_invalid_response' });
  });
});

describe('Referral Factory wire', () => {
  it('when a 422 names the email as taken, then it is email_taken; other 422s are not', () => {
    const taken = RfErrorWire.parse({ code: 422, message: 'x', errors: { email: [{ field: 'email', message: 'The email has already been taken.' }] } });
    const missing = RfErrorWire.parse({ code: 422, message: 'x', errors: { 'Company Name': [{ field: 'Company Name', message: 'The Company Name field is required.' }] } });
    expect(isEmailTaken(taken)).toBe(true);
    expect(isEmailTaken(missing)).toBe(false);
    expect(fieldMessages(missing)).toEqual(['Company Name: The Company Name field is required.']);
  });

  it('when a user is mapped, then meta becomes a label → value record and analytics counts are read', () => {
    const w = RfUserWire.parse({
      id: 7, campaign_id: 1, code: 'abc', url: 'https://x/r/abc', first_name: null, email: 'a@b.c',
      meta: [{ field: 'Company Name', value: 'Acme' }, { field: 'Seats', value: 3 }], analytics: { reach: 1, referrals: '4', qualified_referrals: 2 },
    });
    expect(toReferrer(w)).toEqual({
      id: 7, campaignId: 1, email: 'a@b.c', firstName: '', code: 'abc', url: 'https://x/r/abc',
      meta: { 'Company Name': 'Acme', Seats: '3' }, referrals: 4, qualifiedReferrals: 2,
    });
  });
});
