import { figure, round, type Scenario } from '../lib/result.js';
import { withTempDir } from '../lib/temp.js';
import { isWrite, routesCount, withSyncStack } from './sync-stack.js';

// Scenario 3 (issue #7): the app's own cost. The same pipeline with limits and latency off over
// 10,000 new contacts; CPU time is the app process's own (the stand-ins run in another process).

const CONTACTS = Number(process.env.BENCH_COST_CONTACTS ?? 10_000);

export const syncCostScenario: Scenario = {
  name: 'sync-cost',
  title: `The app's own cost: ${CONTACTS.toLocaleString('en-US')} new contacts, limits and latency off`,
  run: () =>
    withTempDir('sync-cost', (dir) =>
      withSyncStack(
        dir,
        { label: 'cost', sandboxes: { contacts: CONTACTS, intercomRatePerWindow: 0, rfRatePerMinute: 0, latencyMs: 0 }, rfCallsPerMinute: null },
        async (stack) => {
          const syncId = await stack.define();
          await stack.resetStats();
          const sbCpu0 = stack.sandboxCpuMs();
          const report = await stack.run(syncId, 'full');
          const sbCpu1 = stack.sandboxCpuMs();
          const sandboxCpuMs = sbCpu0 !== null && sbCpu1 !== null ? sbCpu1 - sbCpu0 : null;
          const stats = await stack.stats();
          const processed = report.run.processed;
          const perSecond = processed / (report.wallMs / 1000);
          const cpuMs = report.cpuUserMs + report.cpuSystemMs;
          const cpuPerContact = processed > 0 ? cpuMs / processed : 0;
          process.stdout.write(`  ${report.run.status}: ${JSON.stringify(report.run.counts)} in ${(report.wallMs / 1000).toFixed(1)} s, CPU ${cpuMs} ms\n`);
          return {
            figures: [
              figure('contacts processed', processed),
              figure('contacts created', report.run.counts.created),
              figure('wall time', round(report.wallMs / 1000, 2), 's'),
              figure('contacts per second', Math.round(perSecond), undefined, { text: '≥ 2,000', pass: perSecond >= 2000 }),
              figure('app CPU per contact (user + system)', round(cpuPerContact, 3), 'ms'),
              // What one core would do if the app had it to itself: on a 2-core machine the stand-ins
              // (another process) take most of the other core, so the wall rate is bounded by both.
              figure('contacts per second of app CPU (1,000 ms / CPU per contact)', cpuPerContact > 0 ? Math.round(1000 / cpuPerContact) : 0),
              figure('app CPU utilisation', `${Math.round((cpuMs / report.wallMs) * 100)} % of one core`),
              ...(sandboxCpuMs === null ? [] : [figure('stand-ins CPU utilisation (other process)', `${Math.round((sandboxCpuMs / report.wallMs) * 100)} % of one core`)]),
              figure('HTTP calls per contact (Intercom + RF)', round((stats.intercom.requests + stats.rf.requests) / Math.max(1, processed), 2)),
            ],
            details: {
              contacts: CONTACTS, report, sandboxCpuMs, rf: stats.rf, intercom: stats.intercom,
              intercomWrites: routesCount(stats.intercom.byRoute, isWrite), rfWrites: routesCount(stats.rf.byRoute, isWrite),
            },
            notes: [],
          };
        },
      ),
    ),
};
