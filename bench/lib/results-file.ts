import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Machine } from './machine.js';
import type { ScenarioResult } from './result.js';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

async function writeJson(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.tmp.json`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, file);
}

/**
 * `results/<scenario>.json` per scenario, and `results/latest.json` holding the newest result of
 * every scenario (a run of one scenario replaces only its own entry).
 */
export async function saveResults(machine: Machine, results: ScenarioResult[]): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  for (const r of results) await writeJson(path.join(RESULTS_DIR, `${r.scenario}.json`), { machine, ...r });
  const latestFile = path.join(RESULTS_DIR, 'latest.json');
  let previous: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(await readFile(latestFile, 'utf8')) as { scenarios?: Record<string, unknown> };
    previous = parsed.scenarios ?? {};
  } catch {
    // First run, or an unreadable file: start afresh.
  }
  const scenarios = { ...previous, ...Object.fromEntries(results.map((r) => [r.scenario, { machine, ...r }])) };
  await writeJson(latestFile, { updatedAt: machine.date, machine, scenarios });
}
