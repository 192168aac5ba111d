import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forkChild } from '../lib/child.js';
import { load } from '../lib/load.js';
import { RESULTS_DIR } from '../lib/results-file.js';
import { benchFile } from '../lib/temp.js';

// `npx tsx bench/diagnostics/canvas-cpu-control.ts [extra-µs]` (after `npm run bench -- canvas`):
// a control for the canvas scenario. Bare Express answers the same bytes but burns `extra-µs` of
// CPU per request (default: the app's measured CPU per request minus bare's, from
// results/canvas.json). If its throughput and latencies match the app's, the app's figures are
// explained by its CPU per request alone, not by waiting, locking or the store.

interface Run { rps: number; p50Ms: number; p99Ms: number; maxMs: number; cpuUsPerRequest: number | null }
const canvas = JSON.parse(readFileSync(path.join(RESULTS_DIR, 'canvas.json'), 'utf8')) as { details: { runs: Record<string, Run> } };
const app = canvas.details.runs['initialize.app.50'];
const bare = canvas.details.runs['initialize.bare.50'];
const extra = Number(process.argv[2] ?? (app && bare && app.cpuUsPerRequest && bare.cpuUsPerRequest ? app.cpuUsPerRequest - bare.cpuUsPerRequest : 200));

const responsesFile = path.join(os.tmpdir(), 'rf-bench-control-responses.json');
// A card of the app's size; the request body is padded to the size Intercom's bodies have.
writeFileSync(responsesFile, JSON.stringify({ '/canvas/initialize': { canvas: { content: { components: [{ type: 'text', text: 'x'.repeat(700) }] } } } }));
const body = JSON.stringify({ workspace_id: 'ws', admin: { id: '1' }, pad: 'x'.repeat(2500) });
for (const busy of [0, extra]) {
  const srv = await forkChild<{ url: string }>(benchFile('servers', 'bare-express.ts'), { args: [responsesFile, String(busy)], logFile: path.join(os.tmpdir(), 'rf-bench-control.log'), label: 'control', compiled: true });
  try {
    for (const connections of [50, 200]) {
      const spec = { url: srv.ready.url, connections, method: 'POST' as const, path: '/canvas/initialize', headers: { 'content-type': 'application/json' }, body };
      await load({ ...spec, durationSec: 2 });
      const r = await load({ ...spec, durationSec: 8 });
      const ref = canvas.details.runs[`initialize.app.${connections}`];
      process.stdout.write(`bare + ${busy} µs @${connections}: ${Math.round(r.rps)} req/s, p50 ${r.p50Ms} / p99 ${r.p99Ms} / max ${r.maxMs} ms` +
        (busy > 0 && ref ? `   (app: ${Math.round(ref.rps)} req/s, p50 ${ref.p50Ms} / p99 ${ref.p99Ms} / max ${ref.maxMs} ms)` : '') + '\n');
    }
  } finally {
    await srv.stop();
  }
}
