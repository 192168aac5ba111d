import { afterEach, describe, expect, it } from 'vitest';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import type { ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';

let sb: ReferralFactorySandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});
const status = async (path = '/campaigns', key = sb!.apiKey) =>
  (await fetch(`${sb!.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } })).status;

describe('Referral Factory stand-in: rate limit, blocking and faults', () => {
  it('when a key goes over its per-minute limit, then it gets 429 until the 60-second window slides', async () => {
    let t = 1_000_000;
    sb = await startReferralFactorySandbox({ ratePerMinute: 3, now: () => t });
    expect([await status(), await status(), await status()]).toEqual([200, 200, 200]);
    const refused = await fetch(`${sb.baseUrl}/campaigns`, { headers: { authorization: `Bearer ${sb.apiKey}` } });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ code: 429, message: 'Too Many Attempts.' });
    t += 59_000;
    expect(await status()).toBe(429);
    t += 1_001;
    expect(await status()).toBe(200);
    expect(sb.control.stats()).toMatchObject({ rateLimited: 2, overruns: 1, blockedKeys: [] });
  });

  it('when a key overruns more than three times, then it is refused with 403 until unblocked', async () => {
    let t = 1_000_000;
    sb = await startReferralFactorySandbox({ ratePerMinute: 1, now: () => t });
    for (let episode = 1; episode <= 3; episode++) {
      expect(await status()).toBe(200);
      expect(await status()).toBe(429);
      expect(await status()).toBe(429);
      t += 61_000;
    }
    expect(await status()).toBe(200);
    // The fourth overrun is still answered 429; from then on the key is blocked.
    expect(await status()).toBe(429);
    expect(sb.control.stats()).toMatchObject({ overruns: 4, rateLimited: 7, blockedKeys: [sb.apiKey] });
    expect(await status()).toBe(403);
    t += 3_600_000;
    expect(await status()).toBe(403);
    expect(sb.control.unblock(sb.apiKey)).toBe(true);
    expect(await status()).toBe(200);
  });

  it('when three overruns happen, then the key is still served', async () => {
    let t = 0;
    sb = await startReferralFactorySandbox({ ratePerMinute: 1, now: () => t });
    for (let episode = 1; episode <= 3; episode++) {
      await status();
      expect(await status()).toBe(429);
      t += 61_000;
    }
    expect(await status()).toBe(200);
  });

  it('when each key has its own budget, then one key over the limit does not refuse another', async () => {
    sb = await startReferralFactorySandbox({ ratePerMinute: 1, apiKeys: ['k1', 'k2'] });
    expect([await status('/campaigns', 'k1'), await status('/campaigns', 'k1'), await status('/campaigns', 'k2')]).toEqual([200, 429, 200]);
  });

  it('when the limit is off, then a burst is never refused', async () => {
    sb = await startReferralFactorySandbox({ ratePerMinute: 0 });
    const results = await Promise.all(Array.from({ length: 50 }, () => status()));
    expect(new Set(results)).toEqual(new Set([200]));
    expect(sb.control.stats().rateLimited).toBe(0);
  });

  it('when 5xx faults are injected for a path, then exactly that many matching requests fail with the error shape', async () => {
    sb = await startReferralFactorySandbox();
    sb.control.injectFaults({ status: 503, count: 2, match: 'GET /users' });
    expect(await status('/campaigns')).toBe(200);
    const first = await fetch(`${sb.baseUrl}/users`, { headers: { authorization: `Bearer ${sb.apiKey}` } });
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({ code: 503, message: 'Service Unavailable' });
    expect(await status('/users')).toBe(503);
    expect(await status('/users')).toBe(200);
    expect(sb.control.stats()).toMatchObject({ faultsInjected: 2, rateLimited: 0, requests: 4, byRoute: { 'GET /users': 3, 'GET /campaigns': 1 } });
  });

  it('when faults, latency and limits are set over the control HTTP interface, then the API follows', async () => {
    sb = await startReferralFactorySandbox();
    const post = (path: string, body: unknown) =>
      fetch(`${sb!.url}/_sandbox${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/faults', { status: 500, count: 1 })).status).toBe(200);
    expect((await post('/faults', { status: 418, count: 1 })).status).toBe(400);
    expect(await status()).toBe(500);
    await post('/latency', { ms: 120 });
    const started = Date.now();
    expect(await status()).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    await post('/latency', { ms: 0 });
    await post('/rate-limit', { perMinute: 1 });
    expect([await status(), await status()]).toEqual([200, 429]);
    const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as any;
    expect(stats).toMatchObject({ rateLimited: 1, overruns: 1, faultsInjected: 1 });
    await post('/stats/reset', {});
    expect(((await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as any).requests).toBe(0);
  });
});

describe('Referral Factory stand-in: concurrency and scale', () => {
  it('when a concurrent burst exceeds the limit, then exactly the limit is served and the rest refused in one overrun', async () => {
    sb = await startReferralFactorySandbox({ ratePerMinute: 10 });
    const results = await Promise.all(Array.from({ length: 30 }, () => status()));
    expect(results.filter((s) => s === 200)).toHaveLength(10);
    expect(results.filter((s) => s === 429)).toHaveLength(20);
    expect(sb.control.stats()).toMatchObject({ rateLimited: 20, overruns: 1 });
  });

  // Speed is the bench's business (timed assertions flake on a loaded 2-core machine); this checks the answers at scale.
  it('when 100,000 referrers are seeded, then the deepest page and a lookup by email answer the right referrer', async () => {
    sb = await startReferralFactorySandbox({ seed: { referrers: 100_000 }, ratePerMinute: 0 });
    const last = sb.control.listUsers({ offset: 99_999 })[0]!;
    const res = await fetch(`${sb.baseUrl}/users?campaign_id=1&per_page=250&page=400&with=user.analytics`, { headers: { authorization: `Bearer ${sb.apiKey}` } });
    const page = (await res.json()) as any;
    expect(page.data).toHaveLength(250);
    expect(page.data[249].id).toBe(last.id);
    expect(page.links.next).toBeNull();
    const byEmail = await fetch(`${sb.baseUrl}/users/${last.email.toUpperCase()}`, { headers: { authorization: `Bearer ${sb.apiKey}` } });
    expect(((await byEmail.json()) as any).data.id).toBe(last.id);
  }, 60_000);
});

describe('Referral Factory stand-in: scaled-down window', () => {
  it('when the window is shortened, then the real clock frees the budget after it', async () => {
    sb = await startReferralFactorySandbox({ ratePerMinute: 2, rateWindowMs: 300 });
    expect([await status(), await status(), await status()]).toEqual([200, 200, 429]);
    await new Promise((r) => setTimeout(r, 350));
    expect(await status()).toBe(200);
  });
});

describe('Referral Factory stand-in: call log per key', () => {
  it('when two keys are called at known times, then the log gives each its calls, 429s and the most calls that arrived within one window', async () => {
    let t = 1_000_000;
    sb = await startReferralFactorySandbox({ apiKeys: ['rf_a', 'rf_b'], ratePerMinute: 3, rateWindowMs: 1000, now: () => t });
    // rf_a: 4 calls within one window (the 4th refused), then one after the window slid past the first.
    for (const dt of [0, 100, 200, 300]) {
      t = 1_000_000 + dt;
      await status('/campaigns', 'rf_a');
    }
    t = 1_001_000;
    expect(await status('/campaigns', 'rf_a')).toBe(200);
    // rf_b: 3 calls spaced a window apart: never more than one in a window.
    for (const dt of [0, 1000, 2000]) {
      t = 1_010_000 + dt;
      await status('/campaigns', 'rf_b');
    }
    await status('/campaigns', 'not-a-key');
    const report = (await (await fetch(`${sb.url}/_sandbox/calls`)).json()) as unknown;
    expect(report).toEqual({
      windowMs: 1000,
      limit: 3,
      keys: {
        rf_a: { calls: 5, limited: 1, blocked: 0, peakInWindow: 4 },
        rf_b: { calls: 3, limited: 0, blocked: 0, peakInWindow: 1 },
      },
    });
    sb.control.resetStats();
    expect(sb.control.callLog().keys).toEqual({});
  });
});
