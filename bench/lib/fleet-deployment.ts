import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres.js';
import { deleteKeys } from '../../test/helpers/redis.js';
import { fleetEnv, seedFleet, type FleetWorkspace } from '../../test/distributed/fleet-seed.js';
import type { PostgresRepositories } from '../../src/store/postgres/index.js';
import { appNodeFlags } from './child.js';
import { compiled } from './compile.js';
import { BENCH_DIR } from './temp.js';

// A deployment of the distributed mode for the fleet benchmark: its own PostgreSQL database and
// Redis key prefix on the machine's servers (created here, removed after), web and worker
// processes compiled as `npm start` and `npm run worker` run them, each with its own log file.

export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface FleetProcess {
  role: 'web' | 'worker';
  pid: number;
  child: ChildProcess;
  exit: Promise<void>;
  logFile: string;
  /** The pino lines written so far. */
  logs(): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export interface FleetDeployment {
  repos: PostgresRepositories;
  clientSecret: string;
  start(role: 'web' | 'worker', label: string, extra?: Record<string, string>): Promise<FleetProcess>;
  close(): Promise<void>;
}

export async function openFleetDeployment(o: { dir: string; intercomUrl: string; rfUrl: string; workspaces: FleetWorkspace[]; env?: Record<string, string> }): Promise<FleetDeployment> {
  const db: TestDatabase = await createTestDatabase();
  const prefix = `bench-fleet-${randomBytes(4).toString('hex')}`;
  const encryptionKey = randomBytes(32);
  const clientSecret = randomBytes(24).toString('hex');
  const repos = await seedFleet({ databaseUrl: db.url, encryptionKey, workspaces: o.workspaces });
  const env = fleetEnv({ databaseUrl: db.url, redisUrl: BENCH_REDIS_URL, redisPrefix: prefix, intercomUrl: o.intercomUrl, rfUrl: o.rfUrl, encryptionKey, clientSecret, extra: o.env });
  const [web, worker] = await Promise.all([compiled(path.join(BENCH_DIR, '..', 'src', 'main.ts')), compiled(path.join(BENCH_DIR, '..', 'src', 'worker.ts'))]);
  const procs: FleetProcess[] = [];

  async function start(role: 'web' | 'worker', label: string, extra: Record<string, string> = {}): Promise<FleetProcess> {
    const logFile = path.join(o.dir, `${label}.log`);
    const log = openSync(logFile, 'a');
    const child = spawn(process.execPath, [...appNodeFlags(), role === 'web' ? web : worker], { env: { ...process.env, ...env, ...extra }, stdio: ['ignore', log, log] });
    closeSync(log);
    const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const logs = () => readFileSync(logFile, 'utf8').split('\n').flatMap((l) => {
      try {
        return l.startsWith('{') ? [JSON.parse(l) as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
    const p: FleetProcess = {
      role, pid: child.pid as number, child, exit, logFile, logs,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 70_000);
        await exit;
        clearTimeout(timer);
      },
    };
    procs.push(p);
    const readyMsg = role === 'web' ? 'listening' : 'worker started';
    const until = Date.now() + 120_000;
    while (!logs().some((l) => l['msg'] === readyMsg)) {
      if (child.exitCode !== null) throw new Error(`${label} exited before it was ready; see ${logFile}`);
      if (Date.now() > until) throw new Error(`${label} not ready in time; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return p;
  }

  return {
    repos,
    clientSecret,
    start,
    async close() {
      await Promise.all(procs.map((p) => p.stop()));
      await repos.close();
      const redis = new Redis(BENCH_REDIS_URL);
      await deleteKeys(redis, prefix);
      redis.disconnect();
      await db.drop();
    },
  };
}

/** The web process's port, from its 'listening' line. */
export const portOf = (p: FleetProcess): number => Number(p.logs().find((l) => l['msg'] === 'listening')?.['port']);
