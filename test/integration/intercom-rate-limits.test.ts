import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntercomSandbox } from '../../sandbox/intercom/index.js';
import type { IntercomSandbox } from '../../sandbox/intercom/index.js';
import { createIntercomContactSource } from '../../src/integrations/intercom/index.js';

let ic: IntercomSandbox;
const LIMIT = 4;

beforeAll(async () => {
  ic = await startIntercomSandbox({ seed: { contacts: 30 }, rateLimitPerWindow: LIMIT, rateWindowSeconds: 2 });
});
afterAll(() => ic.close());

describe('Intercom pacing and timeouts', () => {
  it('when a window runs out (X-RateLimit-Remaining 0), then the next call waits for the reset and no 429 is collected', async () => {
    const src = createIntercomContactSource({ baseUrl: ic.url, token: ic.control.issueToken() });
    ic.control.resetStats();
    for (let i = 0; i < LIMIT + 2; i++) await src.pageAudience({ kind: 'all' }, { cursor: null, perPage: 5 });
    const stats = ic.control.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.requests).toBe(LIMIT + 2);
  });

  it('when Intercom is slower than the timeout, then the call is retried and ends as upstream_unavailable', async () => {
    ic.control.setRateLimit(0);
    ic.control.setLatency(400);
    try {
      ic.control.resetStats();
      const src = createIntercomContactSource({ baseUrl: ic.url, token: ic.accessToken, timeoutMs: 100, maxRetries: 1, retryMinDelayMs: 10 });
      await expect(src.listSegments()).rejects.toMatchObject({ code: 'upstream_unavailable', retryable: true });
      expect(ic.control.stats().requests).toBe(2);
    } finally {
      ic.control.setLatency(0);
    }
  });
});
