import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startIntercomFleet, type IntercomFleet } from '../../sandbox/intercom/fleet.js';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { signBody } from '../../src/http/signature.js';
import type { PostgresRepositories } from '../../src/store/postgres/index.js';
import type { SyncRun } from '../../src/sync/run-record.js';
import { canvasBody, testContact } from '../helpers/canvas.js';
import { createTestDatabase, runPostgresTests, type TestDatabase } from '../helpers/postgres.js';
import { runRedisTests, TEST_REDIS_URL, testRedis } from '../helpers/redis.js';
import { buildApp, startProcess, waitFor, type AppProcess, type Build } from './app-processes.js';
import { expectedReferrerEmails } from './fleet-expected.js';
import { FLEET_ADMIN, FLEET_CAMPAIGN, FLEET_RETURN_MAPPING, fleetEnv, fleetSyncId, seedFleet } from './fleet-seed.js';

// Issue #14's multi-process test: the distributed mode as deployed, 2 web and 3 worker processes
// (compiled, as `npm start` and `npm run worker` run them) on a fresh database and Redis prefix.
// 10 workspaces with an RF key each and two sharing one key (one RF account, two Intercom
// workspaces), each with an ongoing sync due at once; teammates open cards on both web processes
// meanwhile, some read live from RF with the keys the syncs spend; one worker is SIGKILLed while it
// holds runs. RF's window is scaled down: the app's budget spends 10 calls per 2 s per key
// (RF_RATE_LIMIT, RF_RATE_WINDOW_MS), and the stand-in refuses an 11th call within any 1.5 s. The
// margin between them is for arrivals bunching on a loaded machine (calls sent 200 ms apart can
// arrive 100 ms apart). Processes with budgets of their own overrun the shared key: its two runs on
// two workers go at twice the pace (tried: a run fails on the blocked key).

const CONTACTS = 30;
const OWN_KEYS = 10;
/** Workspaces 11 and 12 share one key. */
const SHARING = 2;
const RF_LIMIT = 10;
const RF_WINDOW_MS = 2000;
/** The stand-in's window: RF_LIMIT calls in it is a third more than the app's pace. */
const RF_STANDIN_WINDOW_MS = 1500;
const ENDED = new Set<SyncRun['status']>(['succeeded', 'finished_with_errors', 'failed', 'cancelled']);

let build: Build;
beforeAll(() => void (build = buildApp()));
afterAll(async () => build?.remove());

describe.runIf(runPostgresTests && runRedisTests)('distributed mode: 2 web and 3 worker processes', () => {
  let db: TestDatabase;
  let intercom: IntercomFleet;
  let rf: ReferralFactorySandbox;
  let repos: PostgresRepositories | undefined;
  let keys: string[];
  const procs: AppProcess[] = [];
  const redis = testRedis('fleet');

  beforeAll(async () => {
    const shared = `rf_mp_shared_${randomBytes(4).toString('hex')}`;
    keys = [...Array.from({ length: OWN_KEYS }, (_, i) => `rf_mp_${i + 1}_${randomBytes(4).toString('hex')}`), ...Array.from({ length: SHARING }, () => shared)];
    [db, intercom, rf] = await Promise.all([
      createTestDatabase(),
      startIntercomFleet({
        workspaces: keys.map((_, i) => ({ workspaceId: `ws_mp_${String(i + 1).padStart(2, '0')}`, seed: { contacts: CONTACTS, prng: i + 1, customAttributes: 2, segments: 1 } })),
      }),
      startReferralFactorySandbox({ apiKeys: [...new Set(keys)], ratePerMinute: RF_LIMIT, rateWindowMs: RF_STANDIN_WINDOW_MS }),
    ]);
    for (const w of intercom.workspaces) w.control.settleIndex();
  });

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exit));
    await repos?.close();
    await redis.cleanup();
    await Promise.all([intercom?.close(), rf?.close()]);
    await db?.drop();
  });

  it('when one worker is SIGKILLed mid-run while cards open on both web processes, then every contact with an email is one referrer, and no key (the shared one included) ever went over its limit', async () => {
    const workspaces = intercom.workspaces.map((w, i) => ({ workspaceId: w.workspaceId, intercomToken: w.accessToken, rfKey: keys[i] as string }));
    const encryptionKey = randomBytes(32);
    const clientSecret = randomBytes(24).toString('hex');
    repos = await seedFleet({ databaseUrl: db.url, encryptionKey, workspaces, enabled: false });
    const env = fleetEnv({
      databaseUrl: db.url, redisUrl: TEST_REDIS_URL, redisPrefix: redis.prefix, intercomUrl: intercom.url, rfUrl: rf.baseUrl, encryptionKey, clientSecret,
      extra: {
        SYNC_TICK_SECONDS: '1',
        // At most 5 runs a worker: the 12 runs spread over the workers.
        WORKER_CONCURRENCY: '5',
        // A dead worker's runs come back within about 2 × 3 s.
        JOB_LOCK_SECONDS: '3',
        RF_RATE_LIMIT: String(RF_LIMIT),
        RF_RATE_WINDOW_MS: String(RF_WINDOW_MS),
      },
    });
    for (const role of ['web', 'web', 'worker', 'worker', 'worker'] as const) procs.push(startProcess(build, role, env));
    const alive = (p: AppProcess) => () => (p.child.exitCode === null && p.child.signalCode === null ? null : `${p.role} exited: ${p.output().slice(-2000)}`);
    const webs = procs.filter((p) => p.role === 'web');
    const workers = procs.filter((p) => p.role === 'worker');
    // Five node processes starting at once on two busy cores: allow for it, and say where each got to.
    const up = <T>(p: AppProcess, what: string, probe: () => T | null | undefined | false) =>
      waitFor(what, probe, 120_000, alive(p)).catch((err: unknown) => {
        throw new Error(`${String(err)}; its output: ${p.output().slice(-1500)}`);
      });
    const ports = await Promise.all(webs.map((w) => up(w, 'a web process to listen', () => w.port())));
    await Promise.all(workers.map((w) => up(w, 'a worker to start', () => w.logs().some((l) => l['msg'] === 'worker started'))));

    // Every worker is up and waiting: turn the syncs on; the next tick queues all their runs.
    for (const w of workspaces) {
      const def = await repos.definitions.get(fleetSyncId(w.workspaceId));
      await repos.definitions.put({ ...def!, enabled: true });
    }

    // Teammates open cards on both web processes while the fleet syncs: two in three from the
    // contact's attributes (no RF call), one in three for a contact not synced yet, read from RF
    // at once with the same key the sync spends (the web process's call goes ahead of the queued sync calls).
    const cards: Array<{ port: number; live: boolean; status: number; text: string }> = [];
    let carding = true;
    const cardLoop = (async () => {
      for (let i = 0; carding; i++) {
        const port = ports[i % ports.length] as number;
        const w = intercom.workspaces[i % intercom.workspaces.length]!;
        const live = i % 3 === 2;
        const withEmail = w.control.contacts().filter((c) => typeof c['email'] === 'string');
        const real = withEmail[i % withEmail.length] as Record<string, unknown>;
        const contact = live
          ? testContact({ id: real['id'], email: real['email'], name: real['name'], custom_attributes: {} })
          : testContact({ id: `card_${i}`, custom_attributes: { [FLEET_RETURN_MAPPING.referral_link]: `https://rfer.me/mp-${i}`, [FLEET_RETURN_MAPPING.referrals_count]: 2 } });
        const raw = JSON.stringify(canvasBody({ workspace: w.workspaceId, admin: FLEET_ADMIN, contact }));
        try {
          const res = await postCanvas(port, raw, signBody(raw, clientSecret));
          cards.push({ port, live, status: res.status, text: live ? res.text : String(res.text.includes(`https://rfer.me/mp-${i}`)) });
        } catch (err) {
          cards.push({ port, live, status: 0, text: `${String(err)} ${String((err as { cause?: unknown }).cause ?? '')}` });
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    onTestFinished(async () => {
      carding = false;
      await cardLoop;
    });

    const syncIds = workspaces.map((w) => fleetSyncId(w.workspaceId));
    // One query at a time on one warm connection: on a loaded machine a new PostgreSQL connection can take seconds.
    const runsNow = async () => {
      const all: SyncRun[] = [];
      for (const id of syncIds) all.push(...(await repos!.runs.listBySync(id)));
      return all;
    };
    const taken = (p: AppProcess) => p.logs().filter((l) => l['msg'] === 'run job taken').map((l) => ({ runId: String(l['runId']), handedOn: Number(l['handedOn']) }));
    const expected = expectedReferrerEmails(intercom.workspaces.flatMap((w) => w.control.contacts()));
    const referrers = () => rf.control.listUsers({ campaignId: FLEET_CAMPAIGN, type: 'person_referring' });

    // Mid-run: a quarter of the referrers exist; kill the worker holding the most runs still going.
    let warmed = 0;
    await waitFor('the fleet to be a quarter done', async () => {
      if (Date.now() - warmed > 2000) await repos!.ping().then(() => void (warmed = Date.now()));
      return referrers().length >= expected.size / 4;
    }, 60_000, () => procs.map((p) => alive(p)()).find(Boolean) ?? null);
    const going = new Set((await repos.runs.listInFlight()).map((r) => r.id));
    const victim = [...workers].sort((a, b) => taken(b).filter((t) => going.has(t.runId)).length - taken(a).filter((t) => going.has(t.runId)).length)[0]!;
    const orphaned = taken(victim).map((t) => t.runId).filter((id) => going.has(id));
    expect(orphaned.length).toBeGreaterThan(0);
    victim.child.kill('SIGKILL');
    await victim.exit;

    await waitFor('every run to end', async () => {
      // Two queries a second at most: PostgreSQL serves five other processes on the same cores.
      await new Promise((r) => setTimeout(r, 500));
      if ((await repos!.runs.listInFlight()).length > 0) return false;
      const runs = await runsNow();
      return runs.length === syncIds.length && runs.every((r) => ENDED.has(r.status));
    }, 120_000, () => procs.filter((p) => p !== victim).map((p) => alive(p)()).find(Boolean) ?? null);
    carding = false;
    await cardLoop;

    // One run per sync, each succeeded; the killed worker's runs were taken over by another worker.
    const runs = await runsNow();
    expect(runs.map((r) => r.status)).toEqual(syncIds.map(() => 'succeeded'));
    const survivors = workers.filter((w) => w !== victim).flatMap(taken);
    for (const id of orphaned) expect(survivors.some((t) => t.runId === id && t.handedOn >= 1)).toBe(true);

    // Every contact with an email is exactly one referrer: none missing, none twice.
    const emails = referrers().map((u) => String(u.email).trim().toLowerCase());
    expect(emails.length).toBe(new Set(emails).size);
    expect(new Set(emails)).toEqual(expected);

    // RF never refused a call, and no key was asked for more than its limit in any window.
    expect(rf.control.stats()).toMatchObject({ rateLimited: 0, blockedKeys: [] });
    const log = rf.control.callLog();
    expect(Object.keys(log.keys).sort()).toEqual([...new Set(keys)].sort());
    for (const [key, k] of Object.entries(log.keys)) {
      expect({ key, limited: k.limited, overLimit: k.peakInWindow > RF_LIMIT }).toEqual({ key, limited: 0, overLimit: false });
    }

    // The cards answered on both web processes all along: from the contacts' attributes, or live
    // from RF (the referrer's link, or not a referrer yet; on a loaded machine, past the card's
    // 2.5 s, that RF is slow), never an error.
    expect(new Set(cards.map((c) => c.port))).toEqual(new Set(ports));
    expect(cards.filter((c) => c.status !== 200)).toEqual([]);
    expect(cards.filter((c) => !c.live && c.text !== 'true')).toEqual([]);
    const liveCards = cards.filter((c) => c.live);
    expect(liveCards.length).toBeGreaterThan(0);
    const answered = (text: string) => text.includes(`${rf.url.replace(/^https?:\/\//, '')}/r/`) || text.includes('Not a referrer in') || text.includes('slow to answer');
    expect(liveCards.filter((c) => !answered(c.text)).map((c) => c.text)).toEqual([]);
  }, 300_000);
});

/**
 * A signed initialize on a connection of its own, as Intercom sends each canvas request: a reused
 * keep-alive connection that the server closes as it idles out would fail a request now and then.
 */
function postCanvas(port: number, raw: string, signature: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port, path: '/canvas/initialize', method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw), 'x-body-signature': signature },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => void (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(raw);
  });
}
