import { stopReason, type JobHandlers, type StopReason } from '../../src/jobs/job-runner.js';

/** Test handlers that record what the runner asked of them; a run holds until released or stopped. */
export function recorder() {
  const started: string[] = [];
  const ended: Array<[string, StopReason | null]> = [];
  const abandoned: Array<[string, string]> = [];
  const ticks: number[] = [];
  const releases = new Map<string, () => void>();
  const handlers: JobHandlers = {
    async run(runId, signal) {
      started.push(runId);
      await new Promise<void>((resolve) => {
        releases.set(runId, resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
        if (signal.aborted) resolve();
      });
      releases.delete(runId);
      ended.push([runId, stopReason(signal)]);
    },
    async abandon(runId, reason) {
      abandoned.push([runId, reason]);
    },
    async tick() {
      ticks.push(Date.now());
    },
  };
  return { handlers, started, ended, abandoned, ticks, release: (runId: string) => releases.get(runId)?.() };
}

export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
