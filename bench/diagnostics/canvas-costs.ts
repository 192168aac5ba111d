import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { cardScreen } from '../../canvas/screens/card.js';
import { initializeBody } from '../../sandbox/inbox/canvas-request.js';
import { buildAppDeps, inboxEnvOf } from '../../src/app-deps.js';
import { loadConfig } from '../../src/config.js';
import { InitializeRequestSchema, toInboxRequest } from '../../src/http/canvas-request.js';
import { isValidBodySignature, signBody } from '../../src/http/signature.js';
import { initialize } from '../../src/inbox/router.js';
import { createLogger } from '../../src/shared/logger.js';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import { BENCH_ADMIN, BENCH_WORKSPACE, benchDefinition, RETURN_MAPPING, seedStore } from '../lib/seed-store.js';

// `npx tsx bench/diagnostics/canvas-costs.ts`: what one card initialize costs, step by step, in
// microseconds per call, in one process (no HTTP). Explains the gap between the app and bare
// Express in the `canvas` scenario; each line names the module to look at.

const N = Number(process.argv[2] ?? 20_000);

async function time(label: string, fn: () => unknown | Promise<unknown>): Promise<[string, number]> {
  for (let i = 0; i < 2000; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await fn();
  return [label, ((performance.now() - t0) * 1000) / N];
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'rf-bench-diag-'));
try {
  const key = randomBytes(32);
  const file = path.join(dir, 'store.json');
  await seedStore({ file, encryptionKey: key, intercomToken: 'tok', rfKey: 'rf_test_key', definition: benchDefinition(), lastCompletedAt: Math.floor(Date.now() / 1000) - 3600 });
  const secret = randomBytes(24).toString('hex');
  const config = loadConfig({
    PUBLIC_BASE_URL: 'http://127.0.0.1:1', INTERCOM_CLIENT_ID: 'x', INTERCOM_CLIENT_SECRET: secret, INTERCOM_API_BASE_URL: 'http://127.0.0.1:9',
    RF_API_BASE_URL: 'http://127.0.0.1:9/api/v2', ENCRYPTION_KEY: key.toString('hex'), APP_SIGNING_SECRET: randomBytes(32).toString('hex'), DATA_FILE: file,
  });
  const devNull = createWriteStream('/dev/null');
  const deps = buildAppDeps({ config, repos: await openLowdbRepositories(file), logger: createLogger({ level: 'info', destination: devNull }) });
  const env = inboxEnvOf(deps);
  const contact = {
    type: 'contact', id: '6650f0c0a1b2c3d4e5f60001', role: 'user', email: 'ada@example.com', name: 'Ada Lovelace', external_id: 'u-1',
    custom_attributes: { [RETURN_MAPPING.referral_link]: 'https://rfer.me/bench-ada', [RETURN_MAPPING.referrals_count]: 7, [RETURN_MAPPING.converted_referrals_count]: 3 },
  };
  const body = initializeBody({
    workspace: { id: BENCH_WORKSPACE, region: 'US' },
    teammate: { id: BENCH_ADMIN, name: 'Bench Admin', email: 'bench-admin@example.com', note: '' },
    contact: contact as never, now: Date.now(),
  });
  const raw = Buffer.from(JSON.stringify(body));
  const sig = signBody(raw, secret);
  const json = JSON.parse(raw.toString('utf8')) as unknown;
  const req = toInboxRequest(InitializeRequestSchema.parse(json));
  const view = { kind: 'referrer' as const, menu: 'settings' as const, link: 'https://rfer.me/bench-ada', referrals: 7, converted: 3, campaign: 'Partner Program', lastSynced: '1 h ago' };
  const response = await initialize(req, env);
  const plainPino = pino({ level: 'info', base: undefined }, devNull);
  const entry = { flow: 'initialize', workspaceId: BENCH_WORKSPACE, componentId: undefined, ms: 1 };

  const rows = [
    await time('HMAC check of the raw body (src/http/signature.ts isValidBodySignature)', () => isValidBodySignature(raw, sig, secret)),
    await time('JSON.parse of the body (bare Express does this too)', () => JSON.parse(raw.toString('utf8'))),
    await time('request schema (src/http/canvas-request.ts InitializeRequestSchema.safeParse)', () => InitializeRequestSchema.safeParse(json)),
    await time('use case (src/inbox/router.ts initialize → initializeCard)', () => initialize(req, env)),
    await time('  of which sync.listDefinitions (src/sync/sync-service.ts → lowdb repository, structuredClone)', () => deps.sync.listDefinitions(BENCH_WORKSPACE)),
    await time('  of which cardScreen (canvas/screens/card.ts, builders validate)', () => cardScreen(view, { v: 1, flow: 'card' })),
    await time('access log line (src/shared/logger.ts createLogger, redact paths)', () => deps.logger.info(entry, 'canvas request')),
    await time('  same line with pino without redaction', () => plainPino.info(entry, 'canvas request')),
    await time('JSON.stringify of the response (bare Express does this too)', () => JSON.stringify({ canvas: response.canvas })),
  ];
  process.stdout.write(`µs per call (${N.toLocaleString('en-US')} calls each, body ${raw.length} bytes):\n`);
  for (const [label, us] of rows) process.stdout.write(`${us.toFixed(1).padStart(8)}  ${label}\n`);
  void benchDefinition;
} finally {
  await rm(dir, { recursive: true, force: true });
}
