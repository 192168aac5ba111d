import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { createIntercomContactSource } from '../../src/integrations/intercom/index.js';
import { createReferralFactoryClient, type RateBudget } from '../../src/integrations/referral-factory/index.js';
import { forkChild } from '../lib/child.js';
import type { SandboxesReady } from '../lib/sandboxes-types.js';
import { benchFile } from '../lib/temp.js';

// `npx tsx bench/diagnostics/sync-costs.ts [n]`: CPU time in THIS process per HTTP call of the
// sync's two per-contact calls (RF POST /users, Intercom PUT /contacts/{id}), through our clients
// and through a bare fetch, against the stand-ins in another process. Explains `sync-cost`.

const N = Number(process.argv[2] ?? 3000);
const CONCURRENCY = 4;
const unlimited: RateBudget = { callsPerWindow: Number.POSITIVE_INFINITY, windowMs: 60_000, started: 0, pause: () => {}, run: (call) => call() };

async function cpuPerCall(label: string, call: (i: number) => Promise<unknown>): Promise<[string, number, number]> {
  const limit = pLimit(CONCURRENCY);
  await Promise.all(Array.from({ length: 300 }, (_, i) => limit(() => call(N + i)))); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: N }, (_, i) => limit(() => call(i))));
  const cpu = process.cpuUsage(cpu0);
  return [label, (cpu.user + cpu.system) / N, (N * 1000) / (performance.now() - t0)];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
/** node:http with a keep-alive agent: the floor for one JSON call from Node. */
function httpCall(url: string, method: string, headers: Record<string, string>, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.once('error', reject);
    req.end(body);
  });
}

const sb = await forkChild<SandboxesReady>(benchFile('servers', 'sandboxes.ts'), {
  args: [JSON.stringify({ contacts: N + 300, intercomRatePerWindow: 0, rfRatePerMinute: 0, latencyMs: 0 })],
  logFile: path.join(os.tmpdir(), 'rf-bench-diag-sandboxes.log'),
  label: 'diag-sandboxes',
});
try {
  const { intercomUrl, intercomToken, rfUrl, rfKey } = sb.ready;
  const rf = createReferralFactoryClient({ baseUrl: rfUrl, apiKey: rfKey, budget: unlimited });
  const ic = createIntercomContactSource({ baseUrl: intercomUrl, token: intercomToken });
  await ic.createDataAttribute('rf_diag_link', 'string');
  await ic.createDataAttribute('rf_diag_raw', 'string');
  const ids: string[] = [];
  for (let cursor: string | null = null; ids.length < N + 300; ) {
    const page = await ic.pageAudience({ kind: 'all' }, { cursor, updatedSince: null, perPage: 150 });
    ids.push(...page.contacts.map((c) => c.id));
    if (!(cursor = page.nextCursor)) break;
  }
  const rfHeaders = { authorization: `Bearer ${rfKey}`, accept: 'application/json', 'content-type': 'application/json' };
  const icHeaders = { authorization: `Bearer ${intercomToken}`, accept: 'application/json', 'content-type': 'application/json', 'intercom-version': '2.14' };
  const rows = [
    await cpuPerCall('RF POST /users, bare fetch', (i) =>
      fetch(`${rfUrl}/users`, { method: 'POST', headers: rfHeaders, body: JSON.stringify({ campaign_id: 2, first_name: 'A', email: `raw${i}@diag.test` }) }).then((r) => r.text())),
    await cpuPerCall('RF POST /users, node:http keep-alive', (i) =>
      httpCall(`${rfUrl}/users`, 'POST', rfHeaders, JSON.stringify({ campaign_id: 2, first_name: 'A', email: `http${i}@diag.test` }))),
    await cpuPerCall('RF POST /users, our RF client (createReferrer)', (i) =>
      rf.createReferrer({ campaignId: 2, firstName: 'A', email: `client${i}@diag.test`, meta: {} })),
    await cpuPerCall('Intercom PUT /contacts/{id}, bare fetch', (i) =>
      fetch(`${intercomUrl}/contacts/${ids[i % ids.length]}`, { method: 'PUT', headers: icHeaders, body: JSON.stringify({ custom_attributes: { rf_diag_raw: `v${i}` } }) }).then((r) => r.text())),
    await cpuPerCall('Intercom PUT /contacts/{id}, node:http keep-alive', (i) =>
      httpCall(`${intercomUrl}/contacts/${ids[i % ids.length]}`, 'PUT', icHeaders, JSON.stringify({ custom_attributes: { rf_diag_raw: `h${i}` } }))),
    await cpuPerCall('Intercom PUT /contacts/{id}, our ContactSource (intercom-client SDK)', (i) =>
      ic.updateCustomAttributes(ids[i % ids.length] as string, { rf_diag_link: `v${i}` })),
  ];
  process.stdout.write(`CPU µs per call in the caller, ${N} calls each, ${CONCURRENCY} at a time:\n`);
  for (const [label, us, rps] of rows) process.stdout.write(`${us.toFixed(0).padStart(6)} µs  ${rps.toFixed(0).padStart(6)} calls/s  ${label}\n`);
} finally {
  agent.destroy();
  await sb.stop();
}
