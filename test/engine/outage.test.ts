import { setTimeout as pause } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { createIntercomContactSource } from '../../src/integrations/intercom/index.js';
import { createReferralFactoryClient } from '../../src/integrations/referral-factory/client.js';
import { createRateBudget } from '../../src/integrations/referral-factory/rate-budget.js';
import { openMemoryRepositories } from '../../src/store/lowdb/index.js';
import type { SyncRun } from '../../src/sync/run-record.js';
import { describeWait } from '../../src/sync/run-words.js';
import { createSyncService, type SyncService } from '../../src/sync/sync-service.js';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { BASIC_CAMPAIGN, basicDefinition, norm, rfEmails } from './harness.js';
import { contactRows, expectAccounted } from './invariants.js';

// Transient outages against both stand-ins over HTTP (issue #12, observation 9). The engine's clock
// is the Intercom stand-in's plus what the runs have "waited": a wait moves that clock instead of
// the test waiting it out, so a 30-minute outage takes seconds. (The stand-in's own clock is not
// moved: the SDK would wait out its X-RateLimit-Reset in real time.)

interface OutageStack {
  ic: IntercomSandbox;
  rf: ReferralFactorySandbox;
  service: SyncService;
  repos: Awaited<ReturnType<typeof openMemoryRepositories>>;
  /** Pauses the runs asked for, in ms. */
  waits: number[];
  /** Milliseconds the engine's clock runs ahead of the stand-in's. */
  ahead(): number;
  restart(): Promise<SyncService>;
  close(): Promise<void>;
}

async function outageStack(o: { contacts: number; intercomRetries?: number; outageLimitMinutes?: number; pageSize?: number; hold?: Promise<void> }): Promise<OutageStack> {
  const [ic, rf] = await Promise.all([
    // No shared emails: the owner search (one per shared email) uses the page reads' route and
    // would take the faults injected for them, failing a contact instead.
    startIntercomSandbox({ seed: { contacts: o.contacts, customAttributes: 2, sharedEmails: false }, rateWindowSeconds: 1 }),
    startReferralFactorySandbox({ ratePerMinute: 0 }),
  ]);
  const source = createIntercomContactSource({ baseUrl: ic.url, token: ic.accessToken, timeoutMs: 5000, retryMinDelayMs: 10, ...(o.intercomRetries === undefined ? {} : { maxRetries: o.intercomRetries }) });
  const directory = createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey: rf.apiKey, budget: createRateBudget({ callsPerWindow: 1000, windowMs: 1000 }), retryMinDelayMs: 20, timeoutMs: 5000 });
  const repos = await openMemoryRepositories();
  let ahead = 0;
  const waits: number[] = [];
  const open = () => createSyncService({
    repos,
    clock: { now: () => ic.control.now() + ahead },
    contactsFor: async () => source,
    referralsFor: async () => directory,
    pageSize: o.pageSize ?? 150,
    concurrency: 8,
    ...(o.outageLimitMinutes === undefined ? {} : { outageLimitMinutes: o.outageLimitMinutes }),
    sleep: async (ms, signal) => {
      waits.push(ms);
      // Held (to look at the waiting run) until released, or interrupted by Stop / shutdown.
      await new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        void (o.hold ?? Promise.resolve()).then(resolve);
      });
      ahead += ms;
      await pause(2, undefined, { signal });
    },
  });
  let service = open();
  return {
    ic, rf, repos, waits,
    get service() {
      return service;
    },
    ahead: () => ahead,
    async restart() {
      service = open();
      return service;
    },
    close: async () => {
      await service.stop();
      await Promise.all([ic.close(), rf.close()]);
    },
  };
}

let stack: OutageStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** Polls the run until `ok` (runs work in the background). */
async function until(service: SyncService, runId: string, ok: (r: SyncRun) => boolean, ms = 20_000): Promise<SyncRun> {
  const end = Date.now() + ms;
  for (;;) {
    const run = await service.getRun(runId);
    if (run && ok(run)) return run;
    if (Date.now() > end) throw new Error(`run ${runId}: ${JSON.stringify(run).slice(0, 400)}`);
    await pause(5);
  }
}

describe('runs ride out transient outages (issue #12, observation 9)', () => {
  test('when Intercom answers 500 to page reads past its quick retries, then the run waits with growing pauses, says so, and goes on from its saved position', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => void (release = r));
    stack = await outageStack({ contacts: 120, intercomRetries: 0, pageSize: 50, hold });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId, { audience: { kind: 'users' } }));
    const { run } = await stack.service.startRun(def.id, { trigger: 'manual' });
    // Page 1 is read; then page 2 fails three times over (no quick retries in this stack).
    await until(stack.service, run.id, (r) => r.processed > 0);
    stack.ic.control.injectFaults({ status: 500, count: 3, match: 'POST /contacts/search' });
    const waiting = await until(stack.service, run.id, (r) => !!r.waiting);
    expect(waiting.status).toBe('running');
    expect(waiting.waiting).toMatchObject({ service: 'intercom', reason: expect.stringMatching(/^upstream_unavailable: /) });
    expect(describeWait(waiting.waiting!, stack.ic.control.now() + stack.ahead())).toBe('Waiting for Intercom to answer — next try in 5 s');
    expect(await stack.repos.runs.get(run.id)).toMatchObject({ waiting: { service: 'intercom' } });
    release();

    const done = await waitForRun(stack.service, run.id, 20_000);
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(done.waiting).toBeUndefined();
    expect(stack.waits).toEqual([5_000, 10_000, 20_000]);
    expect(stack.ic.control.stats().faultsInjected).toBe(3);
    const users = contactRows(stack.ic).filter((c) => c.role === 'user');
    expect(done.processed).toBe(users.length);
    expectAccounted(done);
    expect(new Set(rfEmails(stack as never)).size).toBe(rfEmails(stack as never).length);
  }, 30_000);

  test('when Intercom stays down longer than the limit, then the run fails with that reason after waiting it out', async () => {
    stack = await outageStack({ contacts: 30, intercomRetries: 0, outageLimitMinutes: 2 });
    stack.ic.control.injectFaults({ status: 503, count: 1000, match: 'POST /contacts/search' });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId, { audience: { kind: 'users' } }));
    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    expect(run.status).toBe('failed');
    expect(run.failureReason).toMatch(/^upstream_unavailable: Intercom did not answer for 2 minutes \(last: /);
    // 5 + 10 + 20 + 40 s, then what is left of the 2 minutes; one more try at the limit.
    expect(stack.waits.slice(0, 4)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(stack.waits).toHaveLength(5);
    expect(stack.waits[4]).toBeGreaterThan(40_000);
    expect(stack.waits[4]).toBeLessThanOrEqual(45_000);
    expect(run.waiting).toBeUndefined();
  }, 30_000);

  test('when the campaign no longer exists, then the run fails at once with that reason (a permanent error is not waited out)', async () => {
    stack = await outageStack({ contacts: 10 });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId));
    await stack.repos.definitions.put({ ...def, campaignId: 999, campaignName: 'Gone campaign' });
    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id);
    expect(run).toMatchObject({ status: 'failed', failureReason: 'upstream_not_found: The campaign Gone campaign no longer exists in Referral Factory' });
    expect(stack.waits).toEqual([]);
  });

  test('when an admin stops a waiting run, then it ends as stopped; when the process shuts down instead, then the run stays in flight and resumes', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => void (release = r));
    stack = await outageStack({ contacts: 40, intercomRetries: 0, hold });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId, { audience: { kind: 'users' } }));
    stack.ic.control.injectFaults({ status: 500, count: 2, match: 'POST /contacts/search' });
    const first = (await stack.service.startRun(def.id, { trigger: 'manual' })).run;
    await until(stack.service, first.id, (r) => !!r.waiting);
    await stack.service.cancelRun(def.id);
    expect(await waitForRun(stack.service, first.id)).toMatchObject({ status: 'cancelled', processed: 0 });

    const second = (await stack.service.startRun(def.id, { trigger: 'manual' })).run;
    await until(stack.service, second.id, (r) => !!r.waiting);
    await stack.service.stop();
    expect(await stack.repos.runs.get(second.id)).toMatchObject({ status: 'running' });
    release();
    const again = await stack.restart();
    await again.resumeInFlight();
    const resumed = await waitForRun(again, second.id, 20_000);
    expect(resumed).toMatchObject({ status: 'succeeded' });
    expect(resumed.waiting).toBeUndefined();
    expectAccounted(resumed);
  }, 30_000);

  // The fault script: a few RF 503s and a 429 on GET /users, two Intercom 503s on the
  // contact reads, then Intercom 500s, with the adapters' default quick retries. The run must end
  // with everyone enrolled, every time (FAULT_SCRIPT_REPLAYS=10 replays it, for the notes).
  const replays = Number(process.env.FAULT_SCRIPT_REPLAYS ?? 1);
  test(`when the issue's fault script is replayed (${replays}×), then every run ends with every contact enrolled`, async () => {
    for (let i = 0; i < replays; i++) {
      stack = await outageStack({ contacts: 1075 });
      const s = stack;
      s.rf.control.injectFaults({ status: 503, count: 3, match: 'GET /users' });
      s.rf.control.injectFaults({ status: 429, count: 1, match: 'GET /users' });
      s.ic.control.injectFaults({ status: 503, count: 2, match: 'POST /contacts/search' });
      const def = await saved(s.service, basicDefinition(s.ic.workspaceId, { audience: { kind: 'users' } }));
      const { run } = await s.service.startRun(def.id, { trigger: 'manual' });
      await until(s.service, run.id, (r) => r.processed >= 150);
      s.ic.control.injectFaults({ status: 500, count: 6, match: 'POST /contacts/search' }); // two reads, past the SDK's 2 retries
      const done = await waitForRun(s.service, run.id, 60_000);
      const users = contactRows(s.ic).filter((c) => c.role === 'user');
      const expected = [...new Set(users.filter((c) => c.email).map((c) => norm(c.email)))].sort();
      expect(done).toMatchObject({ status: 'succeeded', processed: users.length, counts: { failed: 0 } });
      expect(rfEmails(s as never, BASIC_CAMPAIGN).sort()).toEqual(expected);
      expect(s.waits.length).toBeGreaterThan(0);
      await s.close();
      stack = undefined;
    }
  }, 120_000 * replays);
});
