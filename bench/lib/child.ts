import { fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compiled } from './compile.js';
import { RESULTS_DIR } from './results-file.js';
import { BENCH_DIR } from './temp.js';

// Servers and the app side run in their own processes, so the load generator (or the sandboxes)
// never shares an event loop or a CPU account with what is measured. Parent and child talk over
// the IPC channel: the child says `ready` once listening, then answers `call`s.

type Message =
  | { type: 'ready'; value: unknown }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string };

export interface Child<R> {
  ready: R;
  pid: number;
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  /** Asks the child to exit (so a --cpu-prof is written), then kills it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ForkOptions {
  args?: string[];
  env?: Record<string, string>;
  /** stdout and stderr of the child go to this file (the app's own logs land there). */
  logFile: string;
  /** Write a CPU profile into results/profiles when BENCH_PROFILE=1. */
  label: string;
  readyTimeoutMs?: number;
  /** Run the module compiled, under plain node (what is measured); otherwise through tsx. */
  compiled?: boolean;
}

/**
 * Node flags of the measured processes: those `npm start` gives the app (package.json), then any
 * in BENCH_APP_NODE_FLAGS (e.g. to weigh another V8 setting).
 */
export const appNodeFlags = (): string[] => {
  const pkg = JSON.parse(readFileSync(path.join(BENCH_DIR, '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  const fromStart = pkg.scripts.start.split(/\s+/).filter((a) => a.startsWith('--'));
  return [...fromStart, ...(process.env.BENCH_APP_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean)];
};

export async function forkChild<R>(modulePath: string, opts: ForkOptions): Promise<Child<R>> {
  const profile = process.env.BENCH_PROFILE === '1'
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, 'profiles', opts.label)}`]
    : [];
  const heap = process.env.BENCH_HEAP_PROFILE === '1'
    ? ['--heap-prof', `--heap-prof-dir=${path.join(RESULTS_DIR, 'profiles', opts.label)}`]
    : [];
  const log = openSync(opts.logFile, 'a');
  const entry = opts.compiled ? await compiled(modulePath) : modulePath;
  const child: ChildProcess = fork(entry, opts.args ?? [], {
    execArgv: [...(opts.compiled ? appNodeFlags() : ['--import', 'tsx']), ...profile, ...heap, ...(process.env.BENCH_EXPOSE_GC === '1' ? ['--expose-gc'] : [])],
    env: { ...process.env, NODE_ENV: 'production', ...opts.env },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  child.once('exit', (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`${opts.label} exited (${code ?? signal}); see ${opts.logFile}`));
    pending.clear();
  });

  const ready = await new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.label} not ready in time; see ${opts.logFile}`)), opts.readyTimeoutMs ?? 60_000);
    child.once('exit', (code) => reject(new Error(`${opts.label} exited before ready (${code}); see ${opts.logFile}`)));
    child.on('message', (m: Message) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.value as R);
      } else if (m.type === 'result') {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new Error(`${opts.label}: ${m.error}`));
      }
    });
  });

  return {
    ready,
    pid: child.pid as number,
    call: <T>(method: string, params?: unknown) =>
      new Promise<T>((resolve, reject) => {
        if (exited) return reject(new Error(`${opts.label} has exited; see ${opts.logFile}`));
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ type: 'call', id, method, params });
      }),
    async stop(graceMs = 5000) {
      if (exited) return;
      child.send({ type: 'exit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
