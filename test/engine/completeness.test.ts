import { afterEach, describe, expect, test } from 'vitest';
import { createSyncService } from '../../src/sync/sync-service.js';
import type { Audience } from '../../src/sync/definition.js';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { basicDefinition, norm, rfEmails, startStack, type Stack } from './harness.js';
import { contactRows, expectAccounted } from './invariants.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

const HOUR = 3600;
const ongoing = { type: 'ongoing' as const, intervalMinutes: 60 };
/** Emails of the audience's contacts that can become referrers. */
const enrollable = (s: Stack, inAudience: (c: ReturnType<typeof contactRows>[number]) => boolean) =>
  [...new Set(contactRows(s.ic).filter((c) => !c.archived && inAudience(c) && c.email).map((c) => norm(c.email)))].sort();

describe('completeness: every run accounts for every contact it reads (issue #11)', () => {
  test('when an ongoing segment sync is edited to another segment, then to Only Leads, then each next run is a full one and creates every referrer of the new audience', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 150, segments: 3 } } });
    const [a, b] = stack.ic.control.segments();
    const ws = stack.ic.workspaceId;
    const inSegment = (id: string) => (c: { segment_ids: string[] }) => c.segment_ids.includes(id);
    const def = await saved(stack.service, basicDefinition(ws, { audience: { kind: 'segment', segmentId: a!.id }, schedule: ongoing }));
    const first = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    expect(first).toMatchObject({ mode: 'full', fullReason: 'first_run', status: 'succeeded' });
    expect(rfEmails(stack).sort()).toEqual(enrollable(stack, inSegment(a!.id)));

    const edit = async (audience: Audience) => {
      stack!.ic.control.advance(2 * HOUR);
      await saved(stack!.service, { ...basicDefinition(ws, { audience, schedule: ongoing }), id: def.id });
      return waitForRun(stack!.service, (await stack!.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    };

    const second = await edit({ kind: 'segment', segmentId: b!.id });
    expect(second).toMatchObject({ mode: 'full', fullReason: 'settings_changed', status: 'succeeded', notChanged: 0 });
    expectAccounted(second);
    const inB = contactRows(stack.ic).filter((c) => !c.archived && inSegment(b!.id)(c));
    expect(second.processed).toBe(inB.length);
    const expected = enrollable(stack, (c) => inSegment(a!.id)(c) || inSegment(b!.id)(c));
    expect(rfEmails(stack).sort()).toEqual(expected);
    expect(second.counts.created).toBeGreaterThan(0);

    const third = await edit({ kind: 'leads' });
    expect(third).toMatchObject({ mode: 'full', fullReason: 'settings_changed', status: 'succeeded' });
    expectAccounted(third);
    const leads = enrollable(stack, (c) => c.role === 'lead');
    expect(leads.length).toBeGreaterThan(0);
    expect(rfEmails(stack)).toEqual(expect.arrayContaining(leads));

    // Unchanged settings: the next run is incremental again, and what it passes over is its own bucket.
    stack.ic.control.advance(2 * HOUR);
    const fourth = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'schedule' })).run.id, 20_000);
    expect(fourth.mode).toBe('incremental');
    expect(fourth.fullReason).toBeUndefined();
    expectAccounted(fourth);
  }, 60_000);

  test('when runs of every kind end (full, incremental, single pass with counts, retry of failures, resumed after a stop), then processed equals the sum of the buckets', async () => {
    // No search-index delay: the engine's clock runs ahead of the stand-in's here (below), so the
    // stand-in's would never pass; the delay has its own test (index-lag.test.ts).
    stack = await startStack({ intercom: { behaviour: { searchIndexDelaySeconds: 0 }, seed: { contacts: 90 } }, pageSize: 20 });
    const s = stack;
    // The engine's clock runs ahead of the stand-in's instead of moving the stand-in's: the SDK waits
    // out a 5xx until the stand-in's X-RateLimit-Reset, which a moved stand-in clock puts hours away.
    let ahead = 0;
    const open = () => createSyncService({
      repos: s.repos, clock: { now: () => s.ic.control.now() + ahead }, contactsFor: async () => s.source, referralsFor: async () => s.directory, pageSize: 20,
    });
    let service = open();
    const def = await saved(service, basicDefinition(s.ic.workspaceId, { schedule: ongoing }));
    const run = async (opts: Parameters<typeof service.startRun>[1]) => waitForRun(service, (await service.startRun(def.id, opts)).run.id, 30_000);

    const full = await run({ trigger: 'manual' });
    expect(full.mode).toBe('full');
    expectAccounted(full);
    expect(full.processed).toBe(90);

    ahead += 2 * HOUR * 1000;
    const echo = await run({ trigger: 'schedule' }); // re-reads the contacts run 1 wrote to, with nothing to do
    expect(echo).toMatchObject({ mode: 'incremental', counts: { created: 0, updated: 0, linked: 0, failed: 0 } });
    expect(echo.processed).toBeGreaterThan(0);
    expectAccounted(echo);

    // Single pass with a count refresh whose write fails: the contact moves from "not changed" to "failed".
    ahead += 2 * HOUR * 1000;
    const target = contactRows(s.ic).find((c) => (c.custom_attributes as Record<string, unknown>).rf_link)!;
    s.rf.control.simulateReferral({ referrerEmail: norm(target.email), campaignId: 2, count: 2 });
    s.ic.control.injectFaults({ status: 500, count: 3, match: 'PUT /contacts' }); // with the SDK's 2 retries
    const single = await run({ trigger: 'schedule' });
    expect(single).toMatchObject({ mode: 'incremental', status: 'finished_with_errors', counts: { failed: 1 }, refreshed: 0 });
    expect(single).toMatchObject({ processed: 90, notChanged: 89 }); // each contact read counted once
    expectAccounted(single);

    const retry = await run({ trigger: 'retry', mode: 'retry_failed' });
    expect(retry).toMatchObject({ mode: 'retry_failed', status: 'succeeded', processed: 1, counts: { linked: 1 } });
    expectAccounted(retry);

    // Stopped by a shutdown mid-run, resumed by another process on the same store.
    const started = await service.startRun(def.id, { trigger: 'manual', mode: 'full' });
    while (((await service.getRun(started.run.id))?.processed ?? 0) === 0) await new Promise((r) => setTimeout(r, 2));
    await service.stop();
    expect((await s.repos.runs.get(started.run.id))?.status).toBe('running');
    service = open();
    await service.resumeInFlight();
    const resumed = await waitForRun(service, started.run.id, 30_000);
    await service.stop();
    expect(resumed).toMatchObject({ mode: 'full', fullReason: 'requested', status: 'succeeded', processed: 90 });
    expectAccounted(resumed);
  }, 60_000);
});
