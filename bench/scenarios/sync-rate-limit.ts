import { figure, round, type Scenario } from '../lib/result.js';
import { withTempDir } from '../lib/temp.js';
import { isWrite, routesCount, withSyncStack } from './sync-stack.js';

// Scenario 2 (issue #7): 1,000 new contacts end to end with the stand-ins enforcing RF's 600
// calls/min and Intercom's 10-s window, every call taking 80 ms. RF's limit is the bound: N calls
// on one key need at least N / 10 s when spread evenly.

// The Intercom stand-in's seed (prng 1) gives 1,000 contacts with an email and a name among its
// first 1,069; the other 69 are skipped by the mapping (no email, or no first name) without an RF call.
const CONTACTS = Number(process.env.BENCH_RATE_CONTACTS ?? 1069);
const RF_PER_MINUTE = 600;
/** Intercom's default for private apps: 10,000 per minute, enforced per 10-s window (reference/intercom-api.md). */
const INTERCOM_PER_WINDOW = 1666;
const LATENCY_MS = 80;

export const syncRateLimitScenario: Scenario = {
  name: 'sync-rate',
  title: `Sync at the rate limit: ${CONTACTS.toLocaleString('en-US')} new contacts (1,000 enrollable), RF 600/min, 80 ms per call`,
  run: () =>
    withTempDir('sync-rate', (dir) =>
      withSyncStack(
        dir,
        {
          label: 'rate',
          sandboxes: { contacts: CONTACTS, intercomRatePerWindow: INTERCOM_PER_WINDOW, rfRatePerMinute: RF_PER_MINUTE, latencyMs: LATENCY_MS },
          // The app's own default budget for a key: RF's documented 600 per minute.
          rfCallsPerMinute: RF_PER_MINUTE,
        },
        async (stack) => {
          const syncId = await stack.define();
          await stack.resetStats();
          const report = await stack.run(syncId, 'full');
          const stats = await stack.stats();
          const wallS = report.wallMs / 1000;
          const rfCalls = stats.rf.requests;
          const enrolments = stats.rf.byRoute['POST /users'] ?? 0;
          // Even spacing: N calls on one key take (N - 1) / 10 s at least; the issue rounds it to N / 10.
          const boundS = enrolments / (RF_PER_MINUTE / 60);
          const allCallsBoundS = rfCalls / (RF_PER_MINUTE / 60);
          const ratio = boundS > 0 ? wallS / boundS : 0;
          const c = report.run.counts;
          process.stdout.write(`  ${report.run.status}: ${JSON.stringify(c)} in ${wallS.toFixed(1)} s; RF ${rfCalls} calls, ${stats.rf.rateLimited} × 429\n`);
          return {
            figures: [
              figure('contacts enrolled (created)', c.created),
              figure('contacts skipped (no email or name)', c.skipped),
              figure('run status', report.run.status),
              figure('RF enrolment calls (POST /users)', enrolments),
              figure('wall time', round(wallS, 1), 's'),
              figure('bound: enrolment calls / 10 per s', round(boundS, 1), 's'),
              figure('wall time / bound', round(ratio, 3), undefined, { text: '≤ 1.1', pass: ratio > 0 && ratio <= 1.1 }),
              figure('RF 429 answers', stats.rf.rateLimited, undefined, { text: '0', pass: stats.rf.rateLimited === 0 }),
              figure('Intercom 429 answers', stats.intercom.rateLimited),
              figure('RF calls, all routes', rfCalls, undefined),
              figure('Intercom calls, all routes', stats.intercom.requests),
            ],
            details: {
              contacts: CONTACTS, latencyMs: LATENCY_MS, rfPerMinute: RF_PER_MINUTE, intercomPerWindow: INTERCOM_PER_WINDOW,
              boundAllRfCallsS: round(allCallsBoundS, 1), report, rf: stats.rf, intercom: stats.intercom,
              intercomWrites: routesCount(stats.intercom.byRoute, isWrite),
            },
            notes: [
              `Bound counts only enrolment calls (POST /users) as the issue does; the run's ${rfCalls} RF calls in all (campaign, referrer pages) would need ${round(allCallsBoundS, 1)} s at 10 per second.`,
            ],
          };
        },
      ),
    ),
};
