import { stat } from 'node:fs/promises';
import { createIntercomContactSource } from '../../src/integrations/intercom/index.js';
import { createRateBudget, createReferralFactoryClient, type RateBudget } from '../../src/integrations/referral-factory/index.js';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import type { SyncDefinitionInput } from '../../src/sync/definition-input.js';
import type { SyncRun } from '../../src/sync/run-record.js';
import { createSyncService } from '../../src/sync/sync-service.js';
import { serveParent } from '../lib/serve-parent.js';

// The app side of the sync scenarios, alone in its process so its CPU time and RSS are its own:
// the sync engine with the real integrations (the official Intercom SDK, the RF client and its
// per-key budget) and a file-backed lowdb store, wired as the CLI's standalone mode wires them.
// The stand-ins run in another process.

export interface SyncAppOptions {
  intercomUrl: string;
  intercomToken: string;
  rfUrl: string;
  rfKey: string;
  dataFile: string;
  /** RF calls per minute the client's budget allows; null = no client-side pacing (limits off). */
  rfCallsPerMinute: number | null;
  /** Engine's contacts in flight; default: the engine's own default. */
  concurrency?: number;
}

export interface RunReport {
  run: SyncRun;
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Peak RSS of this process since it started (process.resourceUsage().maxRSS). */
  maxRssMb: number;
  /** RSS just before the run started. */
  rssBeforeMb: number;
  /** Largest RSS sampled every 50 ms during this run. */
  sampledPeakRssMb: number;
  heapUsedMb: number;
  /** Heap still used after a full GC at the end (only with BENCH_EXPOSE_GC=1): what the run retains. */
  heapAfterGcMb: number | null;
  /** Largest heap retained during the run (full GC every 2 s; only with BENCH_EXPOSE_GC=1). */
  peakRetainedHeapMb: number | null;
  /** process.memoryUsage() at the end of the run, MB. */
  memoryAtEnd: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  storeBytes: number;
  rfCallsStarted: number | null;
}

const opts = JSON.parse(process.argv[2] as string) as SyncAppOptions;

// Limits off means the stand-in accepts everything; the client's budget would still space calls
// by at least a millisecond, so it is replaced by a pass-through one.
const unlimited: RateBudget = { callsPerWindow: Number.POSITIVE_INFINITY, windowMs: 60_000, started: 0, pause: () => {}, run: (call) => call() };
const budget = opts.rfCallsPerMinute === null ? unlimited : createRateBudget({ callsPerWindow: opts.rfCallsPerMinute, windowMs: 60_000 });
const contacts = createIntercomContactSource({ baseUrl: opts.intercomUrl, token: opts.intercomToken });
const referrals = createReferralFactoryClient({ baseUrl: opts.rfUrl, apiKey: opts.rfKey, budget });
const repos = await openLowdbRepositories(opts.dataFile);
const service = createSyncService({
  repos,
  clock: { now: () => Date.now() },
  contactsFor: async () => contacts,
  referralsFor: async () => referrals,
  ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
});

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const afterGc = (): number | null => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  gc();
  return mb(process.memoryUsage().heapUsed);
};

async function runToEnd(syncId: string, mode?: SyncRun['mode']): Promise<RunReport> {
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const sampler = setInterval(() => void (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  // Diagnostic mode (BENCH_EXPOSE_GC=1): the largest heap the run retains, from a full GC every 2 s.
  let retained = 0;
  const gcSampler = setInterval(() => void (retained = Math.max(retained, afterGc() ?? 0)), 2000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const started = await service.startRun(syncId, { trigger: 'manual', ...(mode ? { mode } : {}) });
  let run: SyncRun | null = started.run;
  // Bounded: a stuck run ends the wait after 20 minutes.
  for (const deadline = Date.now() + 20 * 60_000; Date.now() < deadline; ) {
    run = await service.getRun(started.run.id);
    if (!run || (run.status !== 'queued' && run.status !== 'running')) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  clearInterval(gcSampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  if (!run) throw new Error('run disappeared');
  return {
    run,
    wallMs: Math.round(wallMs),
    cpuUserMs: Math.round(cpu.user / 1000),
    cpuSystemMs: Math.round(cpu.system / 1000),
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
    rssBeforeMb: mb(rssBefore),
    sampledPeakRssMb: mb(peak),
    heapUsedMb: mb(process.memoryUsage().heapUsed),
    heapAfterGcMb: afterGc(),
    peakRetainedHeapMb: retained > 0 ? retained : null,
    memoryAtEnd: Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mb(v)])) as RunReport['memoryAtEnd'],
    storeBytes: (await stat(opts.dataFile)).size,
    rfCallsStarted: opts.rfCallsPerMinute === null ? null : budget.started,
  };
}

serveParent(
  { pid: process.pid },
  {
    async define(input: SyncDefinitionInput) {
      const saved = await service.saveDefinition(input);
      if (!saved.ok) throw new Error(saved.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
      return saved.definition.id;
    },
    run: (p: { syncId: string; mode?: SyncRun['mode'] }) => runToEnd(p.syncId, p.mode),
    usage: () => ({ rssMb: mb(process.memoryUsage.rss()), maxRssMb: mb(process.resourceUsage().maxRSS * 1024) }),
  },
  () => service.stop(),
);
