import type { JobRunner, StopReason } from './job-runner.js';

/** Background jobs as promises in this process. Errors are reported, never thrown at the caller. */
export function createInProcessJobRunner(onError: (key: string, err: unknown) => void = () => {}): JobRunner {
  const jobs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  return {
    submit(key, work) {
      if (jobs.has(key)) return false;
      const controller = new AbortController();
      const done = Promise.resolve()
        .then(() => work(controller.signal))
        .catch((err: unknown) => onError(key, err))
        .finally(() => jobs.delete(key));
      jobs.set(key, { controller, done });
      return true;
    },
    stop(key, reason: StopReason) {
      const job = jobs.get(key);
      if (!job) return false;
      job.controller.abort(reason);
      return true;
    },
    isRunning: (key) => jobs.has(key),
    async drain(reason: StopReason = 'shutdown') {
      const all = [...jobs.values()];
      for (const job of all) job.controller.abort(reason);
      await Promise.all(all.map((j) => j.done));
    },
  };
}
