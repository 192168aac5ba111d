import { readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { startApp } from '../lib/app-process.js';
import { forkChild } from '../lib/child.js';
import { load } from '../lib/load.js';
import { RESULTS_DIR } from '../lib/results-file.js';
import type { SandboxesReady } from '../lib/sandboxes-types.js';
import { signedRequest } from '../lib/signed.js';
import { benchFile, withTempDir } from '../lib/temp.js';
import { canvasRequests } from '../scenarios/canvas-fixture.js';

// `npx tsx bench/diagnostics/canvas-profile.ts [initialize|submit] [seconds]`: the app and bare
// Express each profiled (--cpu-prof) under the same load at 50 connections, and their busy time
// per request split by where it is spent: µs per request side by side. Says where the app's
// extra CPU per request goes, which the in-process step timings (canvas-costs.ts) cannot.

const endpoint = (process.argv[2] ?? 'initialize') as 'initialize' | 'submit';
const seconds = Number(process.argv[3] ?? 8);
process.env.BENCH_PROFILE = '1';

interface Node { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

function bucketOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (!url) return `native: ${fn || '(vm)'}`;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1] as string;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
  return 'our code (bundle)';
}

function selfByBucket(dir: string): Map<string, number> {
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f)).sort().at(-1);
  if (!file) throw new Error(`no profile in ${dir}`);
  const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  prof.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const b = bucketOf(n.callFrame.url, n.callFrame.functionName);
    out.set(b, (out.get(b) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  out.delete('idle');
  return out;
}

await withTempDir('canvas-profile', async (dir) => {
  for (const label of ['diag-app', 'diag-bare']) rmSync(path.join(RESULTS_DIR, 'profiles', label), { recursive: true, force: true });
  const sandboxes = await forkChild<SandboxesReady>(benchFile('servers', 'sandboxes.ts'), {
    args: [JSON.stringify({ contacts: 20, intercomRatePerWindow: 0, rfRatePerMinute: 0, latencyMs: 0 })],
    logFile: path.join(dir, 'sandboxes.log'), label: 'diag-sandboxes',
  });
  const app = await startApp({ dir, sandboxes: sandboxes.ready, label: 'diag-app' });
  const reqs = await canvasRequests(app, sandboxes.ready);
  const responses = path.join(dir, 'bare.json');
  await writeFile(responses, JSON.stringify({ [`/canvas/${endpoint}`]: reqs[endpoint].reference }));
  const bare = await forkChild<{ url: string }>(benchFile('servers', 'bare-express.ts'), { args: [responses], logFile: path.join(dir, 'bare.log'), label: 'diag-bare', compiled: true });
  const signed = signedRequest(reqs[endpoint].body, app.clientSecret);
  const served: Record<string, number> = {};
  for (const [side, url] of [['app', app.url], ['bare', bare.ready.url]] as const) {
    const r = await load({ url, connections: 50, durationSec: seconds, method: 'POST', path: `/canvas/${endpoint}`, headers: signed.headers, body: signed.body });
    served[side] = r.requests;
  }
  await bare.stop();
  await app.stop();
  await sandboxes.stop();
  const a = selfByBucket(path.join(RESULTS_DIR, 'profiles', 'diag-app'));
  const b = selfByBucket(path.join(RESULTS_DIR, 'profiles', 'diag-bare'));
  // Profiles cover the whole process life; start-up is a few hundred ms, small against the load.
  const per = (m: Map<string, number>, k: string, n: number) => (m.get(k) ?? 0) / n;
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => per(a, y, served.app!) - per(b, y, served.bare!) - (per(a, x, served.app!) - per(b, x, served.bare!)));
  process.stdout.write(`${endpoint} @50, ${seconds} s each: app served ${served.app}, bare ${served.bare}\nµs of busy CPU per request (sampled; profiling inflates both alike)\n   app   bare   diff  where\n`);
  let ta = 0;
  let tb = 0;
  for (const k of keys) {
    const x = per(a, k, served.app!);
    const y = per(b, k, served.bare!);
    ta += x;
    tb += y;
    if (Math.abs(x - y) >= 1 || x >= 5) process.stdout.write(`${x.toFixed(0).padStart(6)} ${y.toFixed(0).padStart(6)} ${(x - y).toFixed(0).padStart(6)}  ${k}\n`);
  }
  process.stdout.write(`${ta.toFixed(0).padStart(6)} ${tb.toFixed(0).padStart(6)} ${(ta - tb).toFixed(0).padStart(6)}  total\n`);
});
