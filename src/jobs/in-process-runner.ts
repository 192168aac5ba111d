import type { JobHandlers, JobRunner } from './job-runner.js';

/**
 * The embedded default: jobs are promises in this process, the tick an interval timer. Errors are
 * reported through `onError`, never thrown at the caller. One process per data file, so "never
 * queued twice" only has to hold here.
 */
export function createInProcessJobRunner(onError: (key: string, err: unknown) => void = () => {}): JobRunner {
  const jobs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let handlers: JobHandlers | null = null;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;

  const bound = (): JobHandlers => {
    if (!handlers) throw new Error('job runner: bind(handlers) before submitting jobs');
    return handlers;
  };

  // A tick still going when the next is due is not started twice.
  const tick = (): Promise<void> =>
    (ticking ??= bound()
      .tick()
      .catch((err: unknown) => onError('tick', err))
      .finally(() => void (ticking = null)));

  return {
    executes: true,
    bind(h) {
      handlers = h;
    },
    async submitRun(runId) {
      const { run } = bound();
      if (jobs.has(runId)) return false;
      const controller = new AbortController();
      const done = Promise.resolve()
        .then(() => run(runId, controller.signal))
        .catch((err: unknown) => onError(runId, err))
        .finally(() => jobs.delete(runId));
      jobs.set(runId, { controller, done });
      return true;
    },
    async cancelRun(runId) {
      const job = jobs.get(runId);
      if (!job) return false;
      job.controller.abort('cancel');
      return true;
    },
    async start({ tickSeconds }) {
      await tick();
      timer ??= setInterval(() => void tick(), tickSeconds * 1000);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      const all = [...jobs.values()];
      for (const job of all) job.controller.abort('shutdown');
      await Promise.all([...all.map((j) => j.done), ticking]);
    },
  };
}
