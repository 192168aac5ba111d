import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicDefinition, startStack, type Stack } from './harness.js';

// A Preview waits for its dry run. RF answers in 300 ms here: one lookup after another, the
// campaign and 10 lookups could not take less than 11 × 300 ms = 3.3 s.
const RF_LATENCY_MS = 300;

describe('dry run', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ rf: { latencyMs: RF_LATENCY_MS } });
    s.ic.control.settleIndex();
  });
  afterAll(() => s.close());

  it('when a dry run looks 10 contacts up in RF, then the lookups go out together and the report comes back in a few RF answer times', async () => {
    const t0 = performance.now();
    const report = await s.service.dryRun(basicDefinition('ws_dry'));
    const ms = performance.now() - t0;
    expect(report.checked).toBe(10);
    expect(report.scanned).toBeGreaterThanOrEqual(10);
    // The campaign, then the lookups side by side (plus Intercom's page): ~3 answer times, well under 11.
    expect(ms).toBeLessThan(2500);
    expect(s.rf.control.stats().writes).toBe(0);
  });
});
