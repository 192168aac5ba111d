import { stopReason, type JobHandlers, type StopReason } from '../../src/jobs/job-runner.js';

/** Test handlers that record what the runner asked of them; a run holds until released or stopped. */
export function recorder() {
  const started: string[] = [];
  const ended: Array<[string, StopReason | null]> = [];
  const abandoned: Array<[string, string]> = [];
  const ticks: number[] = [];
  const releases = new Map<string, () => void>();
  /** Event attempts as `id#n` (`!` marks the last allowed); an event fails while `failures` holds attempts for it. */
  const eventAttempts: string[] = [];
  const failures = new Map<string, number>();
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
    async event(eventId, attempt) {
      eventAttempts.push(`${eventId}#${attempt.number}${attempt.last ? '!' : ''}`);
      const left = failures.get(eventId) ?? 0;
      if (left > 0) {
        failures.set(eventId, left - 1);
        throw new Error(`${eventId} failed on purpose`);
      }
      await sleep(50);
    },
  };
  return {
    handlers, started, ended, abandoned, ticks, eventAttempts,
    release: (runId: string) => releases.get(runId)?.(),
    failEvent: (eventId: string, times: number) => void failures.set(eventId, times),
  };
}

export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
