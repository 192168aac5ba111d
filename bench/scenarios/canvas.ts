import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { forkChild } from '../lib/child.js';
import { load, type LoadSummary } from '../lib/load.js';
import { processCpuMs } from '../lib/proc-cpu.js';
import { figure, round, type Figure, type Scenario } from '../lib/result.js';
import { signedRequest } from '../lib/signed.js';
import { benchFile, withTempDir } from '../lib/temp.js';
import { startApp } from '../lib/app-process.js';
import type { SandboxesReady } from '../lib/sandboxes-types.js';
import { canvasRequests } from './canvas-fixture.js';

// Scenario 1 (issue #7): canvas latency of the real app (its lowdb store in a temp file) against
// a bare Express handler answering a canvas of the same bytes, at 50 and 200 connections.

const SECONDS = Number(process.env.BENCH_CANVAS_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const CONNECTIONS = [50, 200] as const;
/** A few teammates at once, each opening the next conversation as soon as the card shows. */
const LIGHT_CONNECTIONS = 5;

type Endpoint = 'initialize' | 'submit';
type RunSummary = LoadSummary & { cpuUsPerRequest: number | null };

export const canvasScenario: Scenario = {
  name: 'canvas',
  title: 'Canvas latency: app vs bare Express (initialize card, wizard submit)',
  run: () =>
    withTempDir('canvas', async (dir) => {
      const sandboxes = await forkChild<SandboxesReady>(benchFile('servers', 'sandboxes.ts'), {
        args: [JSON.stringify({ contacts: 20, intercomRatePerWindow: 0, rfRatePerMinute: 0, latencyMs: 0 })],
        logFile: path.join(dir, 'sandboxes.log'),
        label: 'canvas-sandboxes',
      });
      const app = await startApp({ dir, sandboxes: sandboxes.ready, label: 'canvas-app' });
      let bare: Awaited<ReturnType<typeof forkChild<{ url: string }>>> | undefined;
      try {
        const reqs = await canvasRequests(app, sandboxes.ready);
        // The bare server answers exactly the bytes the app answered, parsed and re-serialised per request.
        const responsesFile = path.join(dir, 'bare-responses.json');
        await writeFile(responsesFile, JSON.stringify({ '/canvas/initialize': reqs.initialize.reference, '/canvas/submit': reqs.submit.reference }));
        bare = await forkChild<{ url: string }>(benchFile('servers', 'bare-express.ts'), {
          args: [responsesFile],
          logFile: path.join(dir, 'bare.log'),
          label: 'canvas-bare',
          compiled: true,
        });

        const runs: Record<string, RunSummary> = {};
        let rfCallsDuringInitialize = 0;
        let intercomCallsDuringLoad = 0;
        for (const endpoint of ['initialize', 'submit'] as Endpoint[]) {
          const r = reqs[endpoint];
          const signed = signedRequest(r.body, app.clientSecret);
          for (const connections of CONNECTIONS) {
            for (const [side, url, pid] of [['app', app.url, app.pid], ['bare', bare.ready.url, bare.pid]] as const) {
              const spec = { url, connections, method: 'POST' as const, path: r.path, headers: signed.headers, body: signed.body };
              await load({ ...spec, durationSec: WARMUP_SECONDS });
              const before = await upstreamRequests(sandboxes);
              const cpu0 = processCpuMs(pid);
              const summary = await load({ ...spec, durationSec: SECONDS });
              const cpu1 = processCpuMs(pid);
              const cpuUsPerRequest = cpu0 !== null && cpu1 !== null && summary.requests > 0 ? Math.round(((cpu1 - cpu0) * 1000) / summary.requests) : null;
              const after = await upstreamRequests(sandboxes);
              if (side === 'app' && endpoint === 'initialize') rfCallsDuringInitialize += after.rf - before.rf;
              if (side === 'app') intercomCallsDuringLoad += after.intercom - before.intercom;
              runs[`${endpoint}.${side}.${connections}`] = { ...summary, cpuUsPerRequest };
              process.stdout.write(`  ${endpoint} ${side} @${connections}: ${Math.round(summary.rps)} req/s, p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms${summary.non2xx ? `, ${summary.non2xx} non-2xx` : ''}\n`);
            }
          }
          // At 50 and 200 connections the server is saturated and latency is mostly queueing
          // (connections / throughput). With 5 connections the queue is short: this is close to
          // what a teammate waits for one card. (autocannon's rate mode sends in per-second
          // bursts, so it cannot show this.)
          for (const [side, url] of [['app', app.url], ['bare', bare.ready.url]] as const) {
            const spec = { url, connections: LIGHT_CONNECTIONS, method: 'POST' as const, path: r.path, headers: signed.headers, body: signed.body };
            await load({ ...spec, durationSec: WARMUP_SECONDS });
            const summary = await load({ ...spec, durationSec: SECONDS });
            runs[`${endpoint}.${side}.light`] = { ...summary, cpuUsPerRequest: null };
            process.stdout.write(`  ${endpoint} ${side} @${LIGHT_CONNECTIONS}: ${Math.round(summary.rps)} req/s, p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms\n`);
          }
        }
        return { figures: figuresOf(runs, rfCallsDuringInitialize, intercomCallsDuringLoad), details: { runs, bytes: { initialize: reqs.initialize.bytes, submit: reqs.submit.bytes }, secondsPerRun: SECONDS, warmupSeconds: WARMUP_SECONDS, lightConnections: LIGHT_CONNECTIONS }, notes: reqs.notes };
      } finally {
        await bare?.stop();
        await app.stop();
        await sandboxes.stop();
      }
    }),
};

async function upstreamRequests(sandboxes: { call<T>(m: string): Promise<T> }): Promise<{ rf: number; intercom: number }> {
  const s = await sandboxes.call<{ rf: { requests: number }; intercom: { requests: number } }>('stats');
  return { rf: s.rf.requests, intercom: s.intercom.requests };
}

function figuresOf(runs: Record<string, RunSummary>, rfCalls: number, intercomCalls: number): Figure[] {
  const out: Figure[] = [];
  let non2xx = 0;
  let timeouts = 0;
  for (const endpoint of ['initialize', 'submit']) {
    for (const c of CONNECTIONS) {
      const a = runs[`${endpoint}.app.${c}`]!;
      const b = runs[`${endpoint}.bare.${c}`]!;
      non2xx += a.non2xx + b.non2xx;
      timeouts += a.errors; // autocannon counts timeouts among errors
      const ratio = b.rps > 0 ? a.rps / b.rps : 0;
      out.push(figure(`${endpoint} @${c}: app req/s`, Math.round(a.rps)));
      out.push(figure(`${endpoint} @${c}: bare Express req/s`, Math.round(b.rps)));
      out.push(figure(`${endpoint} @${c}: app / bare throughput`, round(ratio, 2), undefined, { text: '≥ 0.8', pass: ratio >= 0.8 }));
      out.push(figure(`${endpoint} @${c}: app p50 / p99 / max`, `${a.p50Ms} / ${a.p99Ms} / ${a.maxMs}`, 'ms', c === 50 ? { text: 'p99 < 20 ms', pass: a.p99Ms < 20 } : undefined));
      out.push(figure(`${endpoint} @${c}: bare p50 / p99 / max`, `${b.p50Ms} / ${b.p99Ms} / ${b.maxMs}`, 'ms'));
      if (a.cpuUsPerRequest !== null && b.cpuUsPerRequest !== null) out.push(figure(`${endpoint} @${c}: server CPU per request, app / bare`, `${a.cpuUsPerRequest} / ${b.cpuUsPerRequest}`, 'µs'));
    }
    const a = runs[`${endpoint}.app.light`];
    const b = runs[`${endpoint}.bare.light`];
    if (a && b) {
      out.push(figure(`${endpoint} @${LIGHT_CONNECTIONS}: app req/s, p50 / p99 / max`, `${Math.round(a.rps)}, ${a.p50Ms} / ${a.p99Ms} / ${a.maxMs}`, 'ms'));
      out.push(figure(`${endpoint} @${LIGHT_CONNECTIONS}: bare req/s, p50 / p99 / max`, `${Math.round(b.rps)}, ${b.p50Ms} / ${b.p99Ms} / ${b.maxMs}`, 'ms'));
      non2xx += a.non2xx + b.non2xx;
    }
  }
  out.push(figure('RF calls during card initialize load', rfCalls, undefined, { text: '0', pass: rfCalls === 0 }));
  out.push(figure('Intercom calls during the app\'s load runs', intercomCalls));
  out.push(figure('non-2xx responses (app and bare)', non2xx, undefined, { text: '0', pass: non2xx === 0 }));
  // A saturated server can leave a few of 200 keep-alive connections unserved for seconds.
  out.push(figure('app requests timed out (10 s) or socket errors', timeouts));
  return out;
}
