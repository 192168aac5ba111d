import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import type { ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';

let sb: ReferralFactorySandbox;
const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${sb.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${sb.apiKey}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const analytics = async (email: string) => (await call('GET', `/users/${email}?campaign_id=1&with=user.analytics`)).body.data.analytics;

beforeAll(async () => {
  sb = await startReferralFactorySandbox({ seed: { referrerEmails: ['ref@example.com'] } });
});
afterAll(() => sb.close());

describe('Referral Factory stand-in: referrals, qualification and links', () => {
  it('when a referred user is qualified through PUT /users/qualification, then the referrer converted count follows both ways', async () => {
    const invited = sb.control.simulateReferral({ referrerEmail: 'ref@example.com' })[0]!;
    const before = await analytics('ref@example.com');
    const on = await call('PUT', '/users/qualification', { code: invited.code, qualified: true });
    expect(on.status).toBe(200);
    expect(on.body.data.qualified_at).toEqual(expect.any(String));
    expect((await analytics('ref@example.com')).qualified_referrals).toBe(before.qualified_referrals + 1);
    await call('PUT', '/users/qualification', { email: invited.email, campaign_id: 1, qualified: false });
    expect((await analytics('ref@example.com')).qualified_referrals).toBe(before.qualified_referrals);
  });

  it('when qualification names nobody or misses `qualified`, then 422; an unknown user → 404', async () => {
    expect((await call('PUT', '/users/qualification', { qualified: true })).status).toBe(422);
    expect((await call('PUT', '/users/qualification', { id: 1001 })).body.errors.qualified).toBeDefined();
    expect((await call('PUT', '/users/qualification', { id: 999999, qualified: true })).status).toBe(404);
  });

  it('when a referred user is deleted, then the referrer loses that referral', async () => {
    const invited = sb.control.simulateReferral({ referrerEmail: 'ref@example.com', qualified: true })[0]!;
    const before = await analytics('ref@example.com');
    await call('DELETE', `/users/${invited.id}`);
    expect(await analytics('ref@example.com')).toMatchObject({ referrals: before.referrals - 1, qualified_referrals: before.qualified_referrals - 1 });
  });

  it('when the referral link is opened, then the landing page names the referrer and reach grows', async () => {
    const ref = (await call('GET', '/users/ref@example.com?with=user.analytics')).body.data;
    const page = await fetch(ref.url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain(`You were invited by ${ref.first_name}`);
    expect((await analytics('ref@example.com')).reach).toBe(ref.analytics.reach + 1);
    expect((await fetch(`${sb.url}/r/nosuchcode`)).status).toBe(404);
  });

  it('when campaign analytics are asked for, then referrers and referrals are counted', async () => {
    const res = await call('GET', '/campaigns/1?with=campaign.analytics');
    expect(res.body.data.analytics).toEqual({ referrers: 1, referrals: expect.any(Number), qualified_referrals: expect.any(Number) });
    expect(res.body.data.analytics.referrals).toBe(sb.control.listUsers({ campaignId: 1, type: 'person_invited' }).length);
  });

  it('when a client asks for something other than JSON, then 406', async () => {
    expect((await call('GET', '/campaigns', undefined, { accept: 'text/html' })).status).toBe(406);
  });

  it('when simulateReferral names an unknown referrer, then it throws and the control HTTP answers 404', async () => {
    expect(() => sb.control.simulateReferral({ referrerEmail: 'nobody@example.com' })).toThrow();
    const res = await fetch(`${sb.url}/_sandbox/referrals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ referrerEmail: 'nobody@example.com' }) });
    expect(res.status).toBe(404);
  });
});
