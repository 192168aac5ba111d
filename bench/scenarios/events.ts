import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startApp } from '../lib/app-process.js';
import { forkChild } from '../lib/child.js';
import { figure, round, type Scenario } from '../lib/result.js';
import type { SandboxesReady } from '../lib/sandboxes-types.js';
import { benchDefinition } from '../lib/seed-store.js';
import { benchFile, withTempDir } from '../lib/temp.js';

// Issue #15, Intercom half: the real app (src/main.ts, compiled, embedded mode) with its webhook
// URL registered at the Intercom stand-in, which delivers every change signed, as Intercom does.
// An ongoing sync of all contacts exists but is not due: whatever reaches RF comes from events.
// Stand-ins at their real limits (RF 600 calls/min per key, Intercom 1,666 per 10 s), 20 ms per call.
// (1) 5 contact-created events per second for 60 s: seconds from the contact's creation to its
//     referral link on the contact (the referrer exists in RF by then).
// (2) a burst of 1,000 created contacts: drained at what share of RF's rate bound, nothing lost, no 429.
// (4) echo: the app's own link writes come back as contact.user.updated; RF calls and Intercom
//     writes they cause (everything beyond one create per contact, the campaign read and one write per contact).

const SECONDS = Number(process.env.BENCH_EVENTS_SECONDS ?? 60);
const PER_SECOND = 5;
const BURST = Number(process.env.BENCH_EVENTS_BURST ?? 1000);
const RF_PER_MINUTE = 600;

type Stats = { intercom: { byRoute: Record<string, number>; rateLimited: number }; rf: { requests: number; byRoute: Record<string, number>; rateLimited: number }; webhooks: { stats: { sent: number; failed: number } } };
type Latency = { created: number; linked: number; latencies: number[]; wallS: number };

const pct = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

/** RF calls and Intercom writes beyond what enrolling `linked` contacts needs: what the echoes cost. */
function echoCost(s: Stats, linked: number) {
  const rfNeeded = (s.rf.byRoute['POST /users'] ?? 0) + (s.rf.byRoute['GET /campaigns/{identifier}'] ?? 0);
  return { rf: s.rf.requests - rfNeeded, intercomWrites: (s.intercom.byRoute['PUT /contacts/{id}'] ?? 0) - linked };
}

export const eventsScenario: Scenario = {
  name: 'events',
  title: `Intercom webhooks: ${PER_SECOND} created contacts/s for ${SECONDS} s, a burst of ${BURST}, echoes (RF ${RF_PER_MINUTE}/min, 20 ms per call)`,
  run: () =>
    withTempDir('events', async (dir) => {
      const clientSecret = randomBytes(24).toString('hex');
      const sandboxes = await forkChild<SandboxesReady>(benchFile('servers', 'events-sandboxes.ts'), {
        args: [JSON.stringify({ clientSecret, rfRatePerMinute: RF_PER_MINUTE, intercomRatePerWindow: 1666, latencyMs: 20 })],
        logFile: path.join(dir, 'sandboxes.log'),
        label: 'events-sandboxes',
      });
      const app = await startApp({
        dir, sandboxes: sandboxes.ready, label: 'events-app', clientSecret,
        definition: benchDefinition({ schedule: { type: 'ongoing', intervalMinutes: 60 } }), nextRunAt: Date.now() + 86_400_000,
      });
      try {
        await sandboxes.call('registerWebhook', `${app.url}/intercom/webhooks`);
        const steady = await sandboxes.call<Latency>('enrolLatency', { count: SECONDS * PER_SECOND, perSecond: PER_SECOND, timeoutS: 60 });
        await new Promise((r) => setTimeout(r, 3000)); // the last echoes
        const s1 = await sandboxes.call<Stats>('stats');
        const echo1 = echoCost(s1, steady.linked);
        const p50 = pct(steady.latencies, 50);
        const p99 = pct(steady.latencies, 99);
        process.stdout.write(`  steady: ${steady.linked}/${steady.created} linked, p50 ${p50?.toFixed(2)} s, p99 ${p99?.toFixed(2)} s; echo cost RF ${echo1.rf}, writes ${echo1.intercomWrites}\n`);

        await sandboxes.call('resetStats');
        const burst = await sandboxes.call<Latency>('enrolLatency', { count: BURST, perSecond: null, timeoutS: 600 });
        await new Promise((r) => setTimeout(r, 3000));
        const s2 = await sandboxes.call<Stats>('stats');
        const failedBy: Record<string, number> = {};
        for (const d of await sandboxes.call<Array<{ result: number | string; attempt: number }>>('deliveries')) {
          if (typeof d.result !== 'number' || d.result < 200 || d.result >= 300) failedBy[`${d.result} (attempt ${d.attempt})`] = (failedBy[`${d.result} (attempt ${d.attempt})`] ?? 0) + 1;
        }
        const echo2 = echoCost(s2, burst.linked);
        const boundS = burst.created / (RF_PER_MINUTE / 60);
        const share = burst.wallS > 0 ? boundS / burst.wallS : 0;
        process.stdout.write(`  burst: ${burst.linked}/${burst.created} linked in ${burst.wallS.toFixed(1)} s (bound ${boundS.toFixed(1)} s); RF 429 ${s2.rf.rateLimited}; echo cost RF ${echo2.rf}, writes ${echo2.intercomWrites}; failed deliveries ${JSON.stringify(failedBy)}\n`);
        return {
          figures: [
            figure('(1) created contacts linked', `${steady.linked} of ${steady.created}`),
            figure('(1) event → link on the contact, p50', round(p50, 2), 's'),
            figure('(1) event → link on the contact, p99', round(p99, 2), 's', { text: '< 5 s', pass: p99 < 5 }),
            figure('(2) burst contacts linked', `${burst.linked} of ${burst.created}`, undefined, { text: 'all', pass: burst.linked === burst.created }),
            figure('(2) burst drained in', round(burst.wallS, 1), 's'),
            figure('(2) share of RF rate bound (bound / wall)', round(share, 3), undefined, { text: '≥ 0.9', pass: share >= 0.9 }),
            figure('(2) RF 429 answers', s2.rf.rateLimited, undefined, { text: '0', pass: s2.rf.rateLimited === 0 }),
            figure('(2) webhook deliveries failed (retried once by Intercom)', s2.webhooks.stats.failed),
            figure('(4) RF calls caused by echoes', echo1.rf + echo2.rf, undefined, { text: '0', pass: echo1.rf + echo2.rf === 0 }),
            figure('(4) Intercom writes caused by echoes', echo1.intercomWrites + echo2.intercomWrites, undefined, { text: '0', pass: echo1.intercomWrites + echo2.intercomWrites === 0 }),
          ],
          details: { steady: { ...steady, latencies: undefined }, burst: { ...burst, latencies: undefined }, stats1: s1, stats2: s2, boundS, failedDeliveries: failedBy },
          notes: [
            'Scenario 3 (RF referral events) belongs to the RF half of #15.',
            'Echo cost = RF calls beyond one POST /users per linked contact and the campaign reads, and Intercom writes beyond one per linked contact.',
          ],
        };
      } finally {
        await app.stop();
        await sandboxes.stop();
      }
    }),
};
