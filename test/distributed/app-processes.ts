import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

// The app as deployed: built once by scripts/build.ts (as `npm run build` does), then web and
// worker processes started with plain node and the flags `npm start` uses.

export const ROOT = new URL('../..', import.meta.url).pathname;

export interface Build {
  dir: string;
  remove(): Promise<void>;
}

export function buildApp(): Build {
  const out = join('.tmp', `build-${randomBytes(4).toString('hex')}`);
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', out], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  const dir = join(ROOT, out);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface AppProcess {
  child: ChildProcess;
  role: 'web' | 'worker';
  exit: Promise<number | null>;
  output(): string;
  /** Lines of the pino log parsed (non-JSON lines skipped). */
  logs(): Array<Record<string, unknown>>;
  /** The web process's port, once it listens. */
  port(): number | null;
}

export function startProcess(build: Build, role: 'web' | 'worker', env: Record<string, string | undefined>): AppProcess {
  const entry = join(build.dir, role === 'web' ? 'main.js' : 'worker.js');
  const child = spawn(process.execPath, ['--enable-source-maps', '--max-semi-space-size=8', entry], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => void (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (text += d.toString()));
  const logs = () => text.split('\n').flatMap((l) => {
    if (!l.startsWith('{')) return [];
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  return {
    child,
    role,
    exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    output: () => text,
    logs,
    port: () => {
      const line = logs().find((l) => l['msg'] === 'listening');
      return line ? Number(line['port']) : null;
    },
  };
}

export async function waitFor<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs: number, alive?: () => string | null): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    const dead = alive?.();
    if (dead) throw new Error(`${what}: ${dead}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
