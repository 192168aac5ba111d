import path from 'node:path';
import { forkChild, type Child } from '../lib/child.js';
import { processCpuMs } from '../lib/proc-cpu.js';
import { benchDefinition } from '../lib/seed-store.js';
import { benchFile } from '../lib/temp.js';
import type { SandboxesOptions, SandboxesReady } from '../lib/sandboxes-types.js';
import type { RunReport, SyncAppOptions } from '../workers/sync-app.js';
import type { SyncDefinition } from '../../src/sync/definition.js';
import type { SyncRun } from '../../src/sync/run-record.js';

// The sync scenarios' two processes: the stand-ins, and the app side (engine + integrations +
// file store). The runner only orchestrates and reads figures.

export interface SandboxStats {
  intercom: { requests: number; byRoute: Record<string, number>; rateLimited: number } & Record<string, unknown>;
  rf: { requests: number; byRoute: Record<string, number>; rateLimited: number; writes: number; users: number } & Record<string, unknown>;
}

export interface SyncStack {
  sandboxes: Child<SandboxesReady>;
  app: Child<{ pid: number }>;
  define(over?: Partial<SyncDefinition>): Promise<string>;
  run(syncId: string, mode?: SyncRun['mode']): Promise<RunReport>;
  stats(): Promise<SandboxStats>;
  /** CPU time (ms) the stand-ins' process has used so far; null off Linux. */
  sandboxCpuMs(): number | null;
  resetStats(): Promise<void>;
  /** Moves the Intercom stand-in's clock past its search-index delay (as the time between two ongoing runs does). */
  settleIndex(): Promise<void>;
}

export async function withSyncStack<T>(
  dir: string,
  opts: { label: string; sandboxes: SandboxesOptions; rfCallsPerMinute: number | null },
  fn: (stack: SyncStack) => Promise<T>,
): Promise<T> {
  const sandboxes = await forkChild<SandboxesReady>(benchFile('servers', 'sandboxes.ts'), {
    args: [JSON.stringify(opts.sandboxes)],
    logFile: path.join(dir, `${opts.label}-sandboxes.log`),
    label: `${opts.label}-sandboxes`,
    readyTimeoutMs: 180_000,
  });
  let app: Child<{ pid: number }> | undefined;
  try {
    const appOpts: SyncAppOptions = {
      intercomUrl: sandboxes.ready.intercomUrl,
      intercomToken: sandboxes.ready.intercomToken,
      rfUrl: sandboxes.ready.rfUrl,
      rfKey: sandboxes.ready.rfKey,
      dataFile: path.join(dir, `${opts.label}-store.json`),
      rfCallsPerMinute: opts.rfCallsPerMinute,
    };
    app = await forkChild<{ pid: number }>(benchFile('workers', 'sync-app.ts'), {
      args: [JSON.stringify(appOpts)],
      logFile: path.join(dir, `${opts.label}-app.log`),
      label: `${opts.label}-app`,
      compiled: true,
    });
    const a = app;
    return await fn({
      sandboxes,
      app: a,
      define: (over = {}) => {
        const { createdAt: _c, updatedAt: _u, ...input } = benchDefinition(over);
        return a.call<string>('define', input);
      },
      run: (syncId, mode) => a.call<RunReport>('run', { syncId, ...(mode ? { mode } : {}) }),
      stats: () => sandboxes.call<SandboxStats>('stats'),
      sandboxCpuMs: () => processCpuMs(sandboxes.pid),
      resetStats: async () => void (await sandboxes.call('resetStats')),
      settleIndex: async () => void (await sandboxes.call('settleIndex')),
    });
  } finally {
    await app?.stop(30_000);
    await sandboxes.stop();
  }
}

/** Sum of requests whose route starts with one of the prefixes, e.g. "POST ", "PUT ". */
export const routesCount = (byRoute: Record<string, number>, match: (route: string) => boolean): number =>
  Object.entries(byRoute).reduce((n, [route, count]) => n + (match(route) ? count : 0), 0);

export const isWrite = (route: string) => /^(POST|PUT|PATCH|DELETE) /.test(route) && !/\/search$/.test(route);
