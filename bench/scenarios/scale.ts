import { figure, round, type Scenario } from '../lib/result.js';
import { withTempDir } from '../lib/temp.js';
import { withSyncStack } from './sync-stack.js';
import type { RunReport } from '../workers/sync-app.js';

// Scenario 5 (issue #7): memory and storage at scale. A one-time sync of 100,000 contacts (limits
// off) against the same run at 10,000, each in a fresh app process: peak RSS of the app process
// and the size of its lowdb file afterwards.

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,100000').split(',').map(Number);

async function oneSize(dir: string, contacts: number): Promise<RunReport> {
  return withSyncStack(
    dir,
    { label: `scale-${contacts}`, sandboxes: { contacts, intercomRatePerWindow: 0, rfRatePerMinute: 0, latencyMs: 0 }, rfCallsPerMinute: null },
    async (stack) => {
      const syncId = await stack.define();
      const report = await stack.run(syncId, 'full');
      process.stdout.write(`  ${contacts}: ${report.run.status} ${JSON.stringify(report.run.counts)} in ${(report.wallMs / 1000).toFixed(1)} s, max RSS ${report.maxRssMb} MB, store ${report.storeBytes} B\n`);
      return report;
    },
  );
}

export const scaleScenario: Scenario = {
  name: 'scale',
  title: `Memory and storage at scale: one-time sync of ${SIZES.map((n) => n.toLocaleString('en-US')).join(' and ')} contacts`,
  run: () =>
    withTempDir('scale', async (dir) => {
      const reports: { contacts: number; report: RunReport }[] = [];
      for (const n of SIZES) reports.push({ contacts: n, report: await oneSize(dir, n) });
      const small = reports[0]!;
      const big = reports[reports.length - 1]!;
      const growth = big.report.maxRssMb / small.report.maxRssMb;
      const figures = reports.flatMap(({ contacts, report }) => [
        figure(`${contacts.toLocaleString('en-US')}: contacts processed`, report.run.processed),
        figure(`${contacts.toLocaleString('en-US')}: peak RSS of the app`, report.maxRssMb, 'MB', { text: '< 200 MB', pass: report.maxRssMb < 200 }),
        figure(`${contacts.toLocaleString('en-US')}: lowdb file after the run`, round(report.storeBytes / 1024, 1), 'KB', { text: '< 1 MB', pass: report.storeBytes < 2 ** 20 }),
        figure(`${contacts.toLocaleString('en-US')}: wall time`, round(report.wallMs / 1000, 1), 's'),
      ]);
      figures.push(figure(`peak RSS ${big.contacts.toLocaleString('en-US')} / ${small.contacts.toLocaleString('en-US')}`, round(growth, 2), undefined, { text: 'flat (≤ 1.25)', pass: growth <= 1.25 }));
      return { figures, details: { reports }, notes: [] };
    }),
};
