import { afterEach, describe, expect, test } from 'vitest';
import { contact, fakeIntercom } from '../unit/sync/fake-ports.js';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { rfDefinition, RF_CAMPAIGN, withRf } from './rf-harness.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('RF pacing and faults, against the RF stand-in', () => {
  // The stand-in and the client's budget share a window scaled down from RF's 600/min to 150 per
  // 250 ms, so a 2,000-contact run takes seconds yet would overrun the window many times over
  // without pacing. The stand-in counts every 429 it sends.
  test('when 2,000 contacts are synced, then RF never answers 429 and every contact becomes one referrer', async () => {
    const intercom = fakeIntercom(Array.from({ length: 2000 }, (_, i) => contact(i + 1)), Date.now);
    const h = await withRf(intercom.source, { callsPerWindow: 150, rateWindowMs: 250, concurrency: 16 });
    close = h.close;
    const def = await saved(h.service, rfDefinition());
    const run = await waitForRun(h.service, (await h.service.startRun(def.id, { trigger: 'manual' })).run.id, 30_000);
    expect(run).toMatchObject({ status: 'succeeded', processed: 2000, counts: { created: 2000, failed: 0 } });
    const stats = h.rf.control.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.blockedKeys).toEqual([]);
    expect(h.rf.control.listUsers({ campaignId: RF_CAMPAIGN, type: 'person_referring' })).toHaveLength(2000);
  }, 40_000);

  test('when RF answers 5xx and 429 now and then, then retries absorb them and no contact is lost or duplicated', async () => {
    const intercom = fakeIntercom(Array.from({ length: 60 }, (_, i) => contact(i + 1)), Date.now);
    const h = await withRf(intercom.source);
    close = h.close;
    const def = await saved(h.service, rfDefinition());
    h.rf.control.injectFaults({ status: 503, count: 3, match: 'POST /users' });
    h.rf.control.injectFaults({ status: 500, count: 2, match: 'POST /users' });
    h.rf.control.injectFaults({ status: 429, count: 2, match: 'POST /users' });
    const run = await waitForRun(h.service, (await h.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 60, failed: 0 } });
    expect(h.rf.control.stats().faultsInjected).toBe(7);
    expect(h.rf.control.listUsers({ campaignId: RF_CAMPAIGN, type: 'person_referring' })).toHaveLength(60);
  });

  test('when an email is already in the campaign, then it is linked to that referrer and not created twice', async () => {
    const intercom = fakeIntercom([contact(1), contact(2)], Date.now);
    const h = await withRf(intercom.source, { seed: { referrers: 0, referrerEmails: ['person2@example.com'] } });
    close = h.close;
    const existing = h.rf.control.getUser('person2@example.com', RF_CAMPAIGN);
    const def = await saved(h.service, rfDefinition());
    const run = await waitForRun(h.service, (await h.service.startRun(def.id, { trigger: 'manual' })).run.id);
    expect(run.counts.created).toBe(1);
    expect(run.counts.linked + run.counts.updated).toBe(1);
    expect(h.rf.control.listUsers({ email: 'person2@example.com' })).toHaveLength(1);
    expect(intercom.byId.get('c0002')?.customAttributes.rf_link).toBe(existing?.url);
  });
});
