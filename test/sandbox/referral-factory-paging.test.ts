import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import type { ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';

let sb: ReferralFactorySandbox;
const get = async (pathOrUrl: string) => {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sb.baseUrl}${pathOrUrl}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${sb.apiKey}` } });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  sb = await startReferralFactorySandbox({ seed: { referrers: 53, referrerEmails: ['ada@example.com', 'alan@example.com'] } });
});
afterAll(() => sb.close());

describe('Referral Factory stand-in: paging, campaigns and analytics', () => {
  it('when users are listed with links.next, then every user comes once, with analytics, and the last page has next null', async () => {
    const expected = sb.control.listUsers({ campaignId: 1 }).length;
    const seen = new Set<number>();
    let next: string | null = '/users?campaign_id=1&per_page=20&with=user.analytics';
    let pages = 0;
    let last: any;
    while (next) {
      last = (await get(next)).body;
      for (const u of last.data) {
        expect(u.analytics).toEqual({ reach: expect.any(Number), referrals: expect.any(Number), qualified_referrals: expect.any(Number) });
        seen.add(u.id);
      }
      next = last.links.next;
      pages += 1;
    }
    expect(seen.size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 20));
    expect(last.meta).toMatchObject({ current_page: pages, last_page: pages, per_page: 20, total: expected });
  });

  it('when analytics are not asked for, then users carry none; per_page defaults to 25 and refuses more than 250', async () => {
    const page = (await get('/users')).body;
    expect(page.data).toHaveLength(25);
    expect(page.data[0].analytics).toBeUndefined();
    expect((await get('/users?per_page=251')).status).toBe(422);
    expect((await get('/users?per_page=250')).body.data.length).toBeGreaterThan(25);
  });

  it('when a page past the end is asked for, then data is empty and next is null', async () => {
    const page = (await get('/users?page=999')).body;
    expect(page.data).toEqual([]);
    expect(page.links.next).toBeNull();
  });

  it('when campaigns are read, then the main one lists its extra required field', async () => {
    const list = (await get('/campaigns')).body;
    expect(list.data.map((c: any) => c.id)).toEqual([1, 2]);
    const main = (await get('/campaigns/crp2026')).body.data;
    expect(main.fields.person_referring).toContainEqual({ id: 'company_name', type: 'input', label: 'Company Name', value: null, required: true });
    expect(main.fields.person_referring).toContainEqual(expect.objectContaining({ id: 'phone', required: false }));
    expect((await get('/campaigns/77')).status).toBe(404);
  });

  it('when a seeded referrer email is read, then it already has referrals', async () => {
    const ada = (await get('/users/ada@example.com?with=user.analytics')).body.data;
    expect(ada.analytics.referrals).toBeGreaterThanOrEqual(1);
  });

  it('when a referral is simulated and then qualified, then the referrer analytics change', async () => {
    const before = (await get('/users/alan@example.com?with=user.analytics')).body.data.analytics;
    const invited = sb.control.simulateReferral({ referrerEmail: 'alan@example.com', count: 2 });
    expect(invited.every((u) => u.type === 'person_invited')).toBe(true);
    const mid = (await get('/users/alan@example.com?with=user.analytics')).body.data.analytics;
    expect(mid.referrals).toBe(before.referrals + 2);
    expect(mid.qualified_referrals).toBe(before.qualified_referrals);
    sb.control.qualify(invited[0]!.id);
    const res = await fetch(`${sb.url}/_sandbox/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ referrerEmail: 'alan@example.com', qualified: true }),
    });
    expect(res.status).toBe(200);
    const after = (await get('/users/alan@example.com?with=user.analytics')).body.data.analytics;
    expect(after).toMatchObject({ referrals: before.referrals + 3, qualified_referrals: before.qualified_referrals + 2 });
  });

  it('when the same seed is used twice, then the sandbox is the same', async () => {
    const other = await startReferralFactorySandbox({ seed: { referrers: 53, referrerEmails: ['ada@example.com', 'alan@example.com'] } });
    try {
      const a = sb.control.listUsers({ limit: 60 }).map((u) => [u.code, u.email]);
      const b = other.control.listUsers({ limit: 60 }).map((u) => [u.code, u.email]);
      expect(b).toEqual(a);
    } finally {
      await other.close();
    }
  });
});
