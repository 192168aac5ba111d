import path from 'node:path';
import { startApp } from '../lib/app-process.js';
import { forkChild } from '../lib/child.js';
import { figure, round, type Scenario } from '../lib/result.js';
import { BENCH_CAMPAIGN, benchDefinition } from '../lib/seed-store.js';
import { benchFile, withTempDir } from '../lib/temp.js';
import type { SandboxesReady } from '../lib/sandboxes-types.js';

// Issue #15, benchmark (3): 500 RF referral events → p99 seconds from the referral in RF to the
// referrer's count on their Intercom contact, target under 5 s. The real app (compiled main.ts,
// embedded mode) behind its secret RF webhook URL; the RF stand-in posts "new lead" webhooks as RF
// does; no run is involved (a one-time sync that already ran). Referrals arrive at RATE per second
// over REFERRERS referrers, inside RF's 600 calls/min key budget (each event costs 2 RF reads).
// Stand-ins at their real limits (RF 600 calls/min per key, Intercom 1,666 per 10 s), 20 ms per call,
// as in the events scenario (1, 2, 4).

const EVENTS = Number(process.env.BENCH_RF_EVENTS ?? 500);
const REFERRERS = Number(process.env.BENCH_RF_REFERRERS ?? 50);
/** 4/s = 480 RF reads a minute: what RF's 600/min allows with room for the rest. */
const RATE = Number(process.env.BENCH_RF_EVENTS_PER_SECOND ?? 4);
const TARGET_P99_S = 5;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export const eventsRfScenario: Scenario = {
  name: 'events-rf',
  title: `Events (3): ${EVENTS} RF referral events → event to count on the contact`,
  run: () =>
    withTempDir('events-rf', async (dir) => {
      const sandboxes = await forkChild<SandboxesReady>(benchFile('servers', 'rf-events-sandboxes.ts'), {
        args: [JSON.stringify({ referrers: REFERRERS, campaignId: BENCH_CAMPAIGN, rfRatePerMinute: 600, intercomRatePerWindow: 1666, latencyMs: 20 })],
        logFile: path.join(dir, 'sandboxes.log'),
        label: 'events-rf-sandboxes',
        readyTimeoutMs: 120_000,
      });
      try {
        const app = await startApp({ dir, sandboxes: sandboxes.ready, label: 'events-rf-app', definition: benchDefinition() });
        try {
          if (!app.rfWebhookUrl) throw new Error('the seeded workspace has no RF webhook URL');
          await sandboxes.call('wire', app.rfWebhookUrl);
          const started = performance.now();
          for (let i = 0; i < EVENTS; i++) {
            const due = started + (i * 1000) / RATE;
            const wait = due - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            await sandboxes.call('refer', i);
          }
          const sentS = (performance.now() - started) / 1000;
          const deadline = performance.now() + 60_000;
          let progress = await sandboxes.call<{ seen: number; waiting: number }>('progress');
          while (progress.waiting > 0 && performance.now() < deadline) {
            await new Promise((r) => setTimeout(r, 200));
            progress = await sandboxes.call<{ seen: number; waiting: number }>('progress');
          }
          const ms = (await sandboxes.call<number[]>('latencies')).sort((a, b) => a - b);
          const stats = await sandboxes.call<{ rf: { rateLimited: number; requests: number }; deliveries: Record<string, number> }>('stats');
          const p50 = round(percentile(ms, 50) / 1000, 2);
          const p99 = round(percentile(ms, 99) / 1000, 2);
          return {
            figures: [
              figure('referral events sent', EVENTS, undefined),
              figure('send rate', round(EVENTS / sentS, 2), '/s'),
              figure('counts seen on the contact', ms.length, undefined, { text: `${EVENTS} (none lost)`, pass: ms.length === EVENTS && progress.waiting === 0 }),
              figure('event → count p50', p50, 's'),
              figure('event → count p99', p99, 's', { text: `< ${TARGET_P99_S} s`, pass: p99 < TARGET_P99_S }),
              figure('event → count max', round((ms[ms.length - 1] ?? NaN) / 1000, 2), 's'),
              figure('RF 429s', stats.rf.rateLimited, undefined, { text: '0', pass: stats.rf.rateLimited === 0 }),
            ],
            details: { events: EVENTS, referrers: REFERRERS, ratePerSecond: RATE, deliveries: stats.deliveries, rfRequests: stats.rf.requests, waitingAtEnd: progress.waiting },
            notes: [`${REFERRERS} referrers, ${RATE} referrals/s; each event: 2 RF reads (the lead, its referrer), 1 Intercom search, 1 write when the count changed`],
          };
        } finally {
          await app.stop();
        }
      } finally {
        await sandboxes.stop();
      }
    }),
};
