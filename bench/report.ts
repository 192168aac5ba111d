import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Machine } from './lib/machine.js';
import type { ScenarioResult } from './lib/result.js';
import { RESULTS_DIR } from './lib/results-file.js';
import { renderMarkdown } from './lib/table.js';

// `npx tsx bench/report.ts`: the newest figures of every scenario (results/latest.json) as a
// Markdown table with the machine each was measured on, for the README.

const ORDER = ['canvas', 'sync-rate', 'sync-cost', 'steady', 'scale'];
const latest = JSON.parse(readFileSync(path.join(RESULTS_DIR, 'latest.json'), 'utf8')) as { scenarios: Record<string, ScenarioResult & { machine: Machine }> };
const results = Object.values(latest.scenarios).sort((a, b) => ORDER.indexOf(a.scenario) - ORDER.indexOf(b.scenario));
const machines = [...new Set(results.map((r) => `${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.memoryGb} GB RAM, ${r.machine.os}, Node ${r.machine.node}`))];
process.stdout.write(`Measured on ${machines.join('; ')}.\n\n`);
for (const r of results) {
  const load = r.load ? `load average ${r.load.start} → ${r.load.end}` : `load ${r.machine.loadAverage1m ?? '?'}`;
  process.stdout.write(`- \`${r.scenario}\` (${r.startedAt ?? r.machine.date}, ${(r.durationMs / 1000).toFixed(0)} s, ${load}): ${r.title}\n`);
}
process.stdout.write(`\n${renderMarkdown(results)}\n`);
