import { fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { appNodeFlags } from './child.js';
import { compiled } from './compile.js';
import { BENCH_DIR } from './temp.js';
import { freePort, waitForPort } from './ports.js';
import { RESULTS_DIR } from './results-file.js';
import { benchDefinition, seedStore } from './seed-store.js';
import type { SyncDefinition } from '../../src/sync/definition.js';
import type { SandboxesReady } from './sandboxes-types.js';

// The real app, started by its own entry point (src/main.ts, the composition root), compiled as
// `npm start` runs it, in a process of its own, configured through the environment as in
// production and pointed at the stand-ins.
// Its lowdb file is seeded first with an installed, RF-connected workspace and its sync.

export interface AppProcess {
  url: string;
  pid: number;
  clientSecret: string;
  dataFile: string;
  /** The workspace's secret RF webhook URL (no event suffix). */
  rfWebhookUrl: string | null;
  stop(): Promise<void>;
}

export async function startApp(opts: { dir: string; sandboxes: SandboxesReady; label: string; definition?: SyncDefinition; clientSecret?: string; nextRunAt?: number }): Promise<AppProcess> {
  const encryptionKey = randomBytes(32);
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString('hex');
  const dataFile = path.join(opts.dir, 'store.json');
  const seeded = await seedStore({
    file: dataFile, encryptionKey, intercomToken: opts.sandboxes.intercomToken, rfKey: opts.sandboxes.rfKey,
    // Default: a one-time sync that ran an hour ago (nothing runs); an ongoing one without a past run starts at once.
    ...(opts.definition
      ? { definition: opts.definition, ...(opts.nextRunAt ? { nextRunAt: opts.nextRunAt } : {}) }
      : { definition: benchDefinition(), lastCompletedAt: Math.floor(Date.now() / 1000) - 3600 }),
  });
  const port = await freePort();
  const profile = process.env.BENCH_PROFILE === '1'
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, 'profiles', opts.label)}`]
    : [];
  const log = openSync(path.join(opts.dir, `${opts.label}.log`), 'a');
  const child = fork(await compiled(path.join(BENCH_DIR, '..', 'src', 'main.ts')), [], {
    execArgv: [...appNodeFlags(), ...profile, ...(process.env.BENCH_TRACE_GC === '1' ? ['--trace-gc'] : [])],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      INTERCOM_CLIENT_ID: 'bench-client',
      INTERCOM_CLIENT_SECRET: clientSecret,
      INTERCOM_API_BASE_URL: opts.sandboxes.intercomUrl,
      RF_API_BASE_URL: opts.sandboxes.rfUrl,
      ENCRYPTION_KEY: encryptionKey.toString('hex'),
      APP_SIGNING_SECRET: randomBytes(32).toString('hex'),
      DATA_FILE: dataFile,
      LOG_LEVEL: process.env.BENCH_APP_LOG_LEVEL ?? 'info',
      SYNC_TICK_SECONDS: '3600',
    },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  try {
    await waitForPort(port, 60_000, () => !exited);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`the app did not start (${(err as Error).message}); see ${path.join(opts.dir, `${opts.label}.log`)}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    clientSecret,
    dataFile,
    rfWebhookUrl: seeded.rfWebhookToken ? `http://127.0.0.1:${port}/webhooks/rf/${seeded.rfWebhookToken}` : null,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
