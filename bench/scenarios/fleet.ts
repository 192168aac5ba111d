import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { initializeBody } from '../../sandbox/inbox/canvas-request.js';
import type { SyncRun } from '../../src/sync/run-record.js';
import { FLEET_ADMIN, FLEET_RETURN_MAPPING, fleetSyncId } from '../../test/distributed/fleet-seed.js';
import { startApp } from '../lib/app-process.js';
import { forkChild } from '../lib/child.js';
import { openFleetDeployment, portOf, type FleetProcess } from '../lib/fleet-deployment.js';
import { load, type LoadSummary } from '../lib/load.js';
import { processCpuMs } from '../lib/proc-cpu.js';
import { figure, round, type Figure, type Scenario } from '../lib/result.js';
import { benchDefinition } from '../lib/seed-store.js';
import type { SandboxesReady } from '../lib/sandboxes-types.js';
import { signedRequest } from '../lib/signed.js';
import { benchFile, withTempDir } from '../lib/temp.js';
import type { FleetSandboxesOptions, FleetSandboxesReady } from '../servers/fleet-sandboxes.js';
import { canvasRequests } from './canvas-fixture.js';

// Issue #14: the distributed mode under a fleet. 50 workspaces × 1,000 contacts, each with an RF key
// of its own and an ongoing sync due at once, synced by 1 and then 2 worker processes (fresh
// database, Redis prefix and stand-ins each time), both stand-ins at their real limits (RF 600
// calls/min per key, Intercom 1,666 per 10 s per app). Figures: contacts per second (first run
// start to last run end), contacts per second of worker CPU, and card initialize latency on a web
// process while the fleet syncs. Beside it, the embedded mode: card latency in the one process
// that is also running a 10,000-contact sync.

const WORKSPACES = Number(process.env.BENCH_FLEET_WORKSPACES ?? 50);
const CONTACTS = Number(process.env.BENCH_FLEET_CONTACTS ?? 1000);
const EMBEDDED_CONTACTS = Number(process.env.BENCH_FLEET_EMBEDDED_CONTACTS ?? 10_000);
const CARD_SECONDS = Number(process.env.BENCH_FLEET_CARD_SECONDS ?? 20);
const WORKER_COUNTS = (process.env.BENCH_FLEET_WORKERS ?? '1,2').split(',').map(Number);
const LATENCY_MS = 20;
/** A few teammates opening cards one after another (as `canvas` does with its light run). */
const CARD_CONNECTIONS = 5;
const CARD_P99_TARGET_MS = 50;

const ENDED = new Set<SyncRun['status']>(['succeeded', 'finished_with_errors', 'failed', 'cancelled']);

interface FleetRun {
  workers: number;
  contacts: number;
  wallMs: number;
  workerCpuMs: number;
  card: LoadSummary;
  /** Whether the fleet was still syncing when the card load ended. */
  cardDuringSync: boolean;
  runs: Record<string, number>;
  rf: { requests: number; rateLimited: number; blockedKeys: string[] };
  intercom: { requests: number; rateLimited: number };
  referrers: number;
  expectedReferrers: number;
}

export const fleetScenario: Scenario = {
  name: 'fleet',
  title: `Distributed mode: ${WORKSPACES} workspaces × ${CONTACTS.toLocaleString('en-US')} contacts with 1 and 2 workers; card latency on a web process meanwhile; embedded card latency during a ${EMBEDDED_CONTACTS.toLocaleString('en-US')}-contact sync`,
  run: () =>
    withTempDir('fleet', async (dir) => {
      const fleet: FleetRun[] = [];
      for (const workers of WORKER_COUNTS) fleet.push(await fleetRun(dir, workers));
      const embedded = await embeddedRun(dir);
      return { figures: figuresOf(fleet, embedded), details: { fleet, embedded, workspaces: WORKSPACES, contacts: CONTACTS, latencyMs: LATENCY_MS, cardConnections: CARD_CONNECTIONS, cardSeconds: CARD_SECONDS }, notes: notesOf(fleet, embedded) };
    }),
};

async function fleetRun(dir: string, workers: number): Promise<FleetRun> {
  const label = `fleet-${workers}w`;
  const opts: FleetSandboxesOptions = { workspaces: WORKSPACES, contacts: CONTACTS, rfRatePerMinute: 600, intercomRatePerWindow: 1666, latencyMs: LATENCY_MS };
  const sb = await forkChild<FleetSandboxesReady>(benchFile('servers', 'fleet-sandboxes.ts'), {
    args: [JSON.stringify(opts)], logFile: path.join(dir, `${label}-sandboxes.log`), label: `${label}-sandboxes`, readyTimeoutMs: 300_000,
  });
  const deployment = await openFleetDeployment({
    dir, intercomUrl: sb.ready.intercomUrl, rfUrl: sb.ready.rfUrl, workspaces: sb.ready.workspaces,
    // Every run of the fleet at once across the workers; the tick every second starts them as soon as a worker is up.
    env: { SYNC_TICK_SECONDS: '1', WORKER_CONCURRENCY: String(Math.ceil(WORKSPACES / workers)), LOG_LEVEL: 'info' },
  });
  try {
    const web = await deployment.start('web', `${label}-web`);
    const procs: FleetProcess[] = [];
    for (let i = 0; i < workers; i += 1) procs.push(await deployment.start('worker', `${label}-worker-${i + 1}`));
    const cpu0 = procs.map((p) => processCpuMs(p.pid) ?? 0);
    const syncIds = sb.ready.workspaces.map((w) => fleetSyncId(w.workspaceId));
    const runsOf = async () => (await Promise.all(syncIds.map((id) => deployment.repos.runs.listBySync(id)))).flat();
    const processed = async () => (await runsOf()).reduce((n, r) => n + r.processed, 0);

    // Cards on the web process once the fleet is well under way.
    const total = WORKSPACES * CONTACTS;
    await waitUntil(async () => (await processed()) >= total * 0.05, 600_000, 'the fleet to get going');
    const w0 = sb.ready.workspaces[0]!;
    const body = initializeBody({
      workspace: { id: w0.workspaceId, region: 'US' },
      teammate: { id: FLEET_ADMIN, name: 'Ada Admin', email: 'ada@workspace.test', note: '' },
      contact: {
        type: 'contact', id: 'card-contact', role: 'user', email: 'card@fleet.test', name: 'Card Holder',
        custom_attributes: { [FLEET_RETURN_MAPPING.referral_link]: 'https://rfer.me/fleet-card', [FLEET_RETURN_MAPPING.referrals_count]: 4, [FLEET_RETURN_MAPPING.converted_referrals_count]: 1 },
      } as never,
      now: Date.now(),
    });
    const signed = signedRequest(body, deployment.clientSecret);
    const spec = { url: `http://127.0.0.1:${portOf(web)}`, connections: CARD_CONNECTIONS, method: 'POST' as const, path: '/canvas/initialize', headers: signed.headers, body: signed.body };
    await load({ ...spec, durationSec: 2 });
    const card = await load({ ...spec, durationSec: CARD_SECONDS });
    const cardDuringSync = (await runsOf()).some((r) => !ENDED.has(r.status));
    process.stdout.write(`  ${label}: card p50 ${card.p50Ms} ms, p99 ${card.p99Ms} ms (${Math.round(card.rps)} req/s${cardDuringSync ? '' : ', fleet already done'})\n`);

    await waitUntil(async () => {
      const runs = await runsOf();
      return runs.length === syncIds.length && runs.every((r) => ENDED.has(r.status));
    }, 1_800_000, 'every run to end');
    const cpuMs = procs.reduce((n, p, i) => n + ((processCpuMs(p.pid) ?? 0) - (cpu0[i] ?? 0)), 0);
    const runs = await runsOf();
    const start = Math.min(...runs.map((r) => r.startedAt ?? Infinity));
    const end = Math.max(...runs.map((r) => r.endedAt ?? 0));
    const contacts = runs.reduce((n, r) => n + r.processed, 0);
    const stats = await sb.call<{ rf: FleetRun['rf']; intercom: FleetRun['intercom'] }>('stats');
    const statuses: Record<string, number> = {};
    for (const r of runs) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const result: FleetRun = {
      workers, contacts, wallMs: end - start, workerCpuMs: cpuMs, card, cardDuringSync, runs: statuses,
      rf: { requests: stats.rf.requests, rateLimited: stats.rf.rateLimited, blockedKeys: stats.rf.blockedKeys },
      intercom: stats.intercom,
      referrers: await sb.call<number>('referrers'),
      expectedReferrers: await sb.call<number>('expectedReferrers'),
    };
    process.stdout.write(`  ${label}: ${contacts} contacts in ${(result.wallMs / 1000).toFixed(1)} s, worker CPU ${Math.round(cpuMs)} ms, RF 429s ${stats.rf.rateLimited}\n`);
    return result;
  } finally {
    await deployment.close();
    await sb.stop();
  }
}

interface EmbeddedRun {
  contacts: number;
  idle: LoadSummary;
  duringSync: LoadSummary;
  /** Referrers RF held when the card load started and ended (the sync moving meanwhile). */
  referrersAtStart: number;
  referrersAtEnd: number;
}

async function embeddedRun(dir: string): Promise<EmbeddedRun> {
  const sb = await forkChild<SandboxesReady>(benchFile('servers', 'sandboxes.ts'), {
    args: [JSON.stringify({ contacts: EMBEDDED_CONTACTS, intercomRatePerWindow: 1666, rfRatePerMinute: 600, latencyMs: LATENCY_MS })],
    logFile: path.join(dir, 'embedded-sandboxes.log'), label: 'fleet-embedded-sandboxes', readyTimeoutMs: 180_000,
  });
  try {
    // First the card alone (the sync disabled), then a fresh app whose ongoing sync starts with it.
    const [idleDir, syncDir] = [path.join(dir, 'embedded-idle'), path.join(dir, 'embedded-sync')];
    await Promise.all([mkdir(idleDir), mkdir(syncDir)]);
    const quiet = await startApp({ dir: idleDir, sandboxes: sb.ready, label: 'fleet-embedded-idle', definition: benchDefinition({ schedule: { type: 'ongoing', intervalMinutes: 1440 }, enabled: false }) });
    let idle: LoadSummary;
    try {
      const reqs = await canvasRequests(quiet, sb.ready);
      const signed = signedRequest(reqs.initialize.body, quiet.clientSecret);
      const spec = { url: quiet.url, connections: CARD_CONNECTIONS, method: 'POST' as const, path: '/canvas/initialize', headers: signed.headers, body: signed.body };
      await load({ ...spec, durationSec: 2 });
      idle = await load({ ...spec, durationSec: CARD_SECONDS });
    } finally {
      await quiet.stop();
    }
    const users = async () => (await sb.call<{ rf: { users: number } }>('stats')).rf.users;
    const seeded = await users();
    const app = await startApp({ dir: syncDir, sandboxes: sb.ready, label: 'fleet-embedded-sync', definition: benchDefinition({ schedule: { type: 'ongoing', intervalMinutes: 1440 } }) });
    try {
      const reqs = await canvasRequests(app, sb.ready);
      const signed = signedRequest(reqs.initialize.body, app.clientSecret);
      const spec = { url: app.url, connections: CARD_CONNECTIONS, method: 'POST' as const, path: '/canvas/initialize', headers: signed.headers, body: signed.body };
      await waitUntil(async () => (await users()) - seeded >= 50, 120_000, 'the embedded sync to enrol');
      await load({ ...spec, durationSec: 2 });
      const referrersAtStart = (await users()) - seeded;
      const duringSync = await load({ ...spec, durationSec: CARD_SECONDS });
      const referrersAtEnd = (await users()) - seeded;
      process.stdout.write(`  embedded: card p50 ${duringSync.p50Ms} ms, p99 ${duringSync.p99Ms} ms during the sync (idle: ${idle.p50Ms} / ${idle.p99Ms} ms); ${referrersAtEnd - referrersAtStart} enrolled meanwhile\n`);
      return { contacts: EMBEDDED_CONTACTS, idle, duringSync, referrersAtStart, referrersAtEnd };
    } finally {
      await app.stop();
    }
  } finally {
    await sb.stop();
  }
}

function figuresOf(fleet: FleetRun[], embedded: EmbeddedRun): Figure[] {
  const out: Figure[] = [];
  for (const f of fleet) {
    const w = `${f.workers} worker${f.workers > 1 ? 's' : ''}`;
    out.push(
      figure(`${w}: contacts synced`, f.contacts),
      figure(`${w}: contacts per second`, Math.round(f.contacts / (f.wallMs / 1000))),
      figure(`${w}: contacts per second of worker CPU`, f.workerCpuMs > 0 ? Math.round(f.contacts / (f.workerCpuMs / 1000)) : 0),
      figure(`${w}: worker CPU utilisation`, `${Math.round((f.workerCpuMs / f.wallMs) * 100)} % of one core`),
      figure(`${w}: card initialize p50 on a web process meanwhile`, f.card.p50Ms, 'ms'),
      figure(`${w}: card initialize p99 on a web process meanwhile`, f.card.p99Ms, 'ms', { text: `< ${CARD_P99_TARGET_MS} ms`, pass: f.card.p99Ms < CARD_P99_TARGET_MS && f.card.non2xx === 0 }),
      figure(`${w}: RF 429s`, f.rf.rateLimited, undefined, { text: '0', pass: f.rf.rateLimited === 0 }),
      figure(`${w}: referrers / expected`, `${f.referrers} / ${f.expectedReferrers}`, undefined, { text: 'equal', pass: f.referrers === f.expectedReferrers }),
    );
  }
  out.push(
    figure('embedded: card initialize p50 / p99, idle', `${embedded.idle.p50Ms} / ${embedded.idle.p99Ms}`, 'ms'),
    figure(`embedded: card initialize p50 / p99 during a ${embedded.contacts.toLocaleString('en-US')}-contact sync in the same process`, `${embedded.duringSync.p50Ms} / ${embedded.duringSync.p99Ms}`, 'ms'),
  );
  return out;
}

function notesOf(fleet: FleetRun[], embedded: EmbeddedRun): string[] {
  const notes: string[] = [];
  for (const f of fleet) {
    if (!f.cardDuringSync) notes.push(`${f.workers} worker(s): the fleet ended before the card load did; part of the card figures is without the fleet`);
    if (f.card.non2xx > 0) notes.push(`${f.workers} worker(s): ${f.card.non2xx} card answers were not 2xx`);
  }
  if (embedded.referrersAtEnd === embedded.referrersAtStart) notes.push('embedded: the sync did not enrol anyone during the card load');
  notes.push('RF and Intercom at their real limits (600 calls/min per key; 1,666 per 10 s per app), 20 ms per call: each workspace syncs at most 10 contacts/s, so contacts per second is bounded by the keys, and contacts per CPU-second is what a worker can carry.');
  return notes;
}

async function waitUntil(cond: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
