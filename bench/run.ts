import os from 'node:os';
import { describeMachine } from './lib/machine.js';
import { round, type Scenario, type ScenarioResult } from './lib/result.js';
import { saveResults } from './lib/results-file.js';
import { renderTable } from './lib/table.js';
import { SCENARIOS } from './scenarios/index.js';

// `npm run bench` runs every scenario in order; `npm run bench -- canvas sync-cost` runs those.
// Each scenario starts its own processes on 127.0.0.1 and stops them before the next one.

async function main(argv: string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0 || argv.includes('--help')) {
    process.stderr.write(`Usage: npm run bench [-- <scenario>...]\nScenarios: ${SCENARIOS.map((s) => s.name).join(', ')}\n`);
    return unknown.length > 0 ? 64 : 0;
  }
  const chosen: Scenario[] = names.length > 0 ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;
  const machine = describeMachine();
  process.stdout.write(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, load ${machine.loadAverage1m}\n`);
  if (machine.loadAverage1m > machine.cores * 0.5) process.stdout.write(`warning: the machine is busy (load ${machine.loadAverage1m} on ${machine.cores} cores): figures will be low and noisy\n`);
  const results: ScenarioResult[] = [];
  for (const s of chosen) {
    process.stdout.write(`\n▶ ${s.name}: ${s.title}\n`);
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const loadStart = round(os.loadavg()[0]!, 2);
    try {
      const r = await s.run();
      results.push({ scenario: s.name, title: s.title, ...r, durationMs: Math.round(performance.now() - started), startedAt, load: { start: loadStart, end: round(os.loadavg()[0]!, 2) } });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`  ${s.name} failed: ${message}\n`);
      results.push({
        scenario: s.name, title: s.title, figures: [{ metric: 'error', value: message.split('\n')[0] ?? 'failed' }],
        details: { error: message }, notes: [], durationMs: Math.round(performance.now() - started), startedAt, load: { start: loadStart, end: round(os.loadavg()[0]!, 2) },
      });
    }
    const last = results[results.length - 1]!;
    process.stdout.write(`  done in ${(last.durationMs / 1000).toFixed(1)} s (load average ${last.load.start} → ${last.load.end} on ${machine.cores} cores)\n`);
  }
  await saveResults(machine, results);
  process.stdout.write(`\n${renderTable(results)}\n`);
  for (const r of results) for (const n of r.notes) process.stdout.write(`note (${r.scenario}): ${n}\n`);
  process.stdout.write('\nWritten to bench/results/<scenario>.json and bench/results/latest.json\n');
  return results.some((r) => r.figures.some((f) => f.metric === 'error')) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
