import { EVENT_RETRY, type JobHandlers, type JobRunner } from './job-runner.js';

/**
 * The embedded default: jobs are promises in this process, the tick an interval timer. Errors are
 * reported through `onError`, never thrown at the caller. One process per data file, so "never
 * queued twice" only has to hold here.
 */
/**
 * Events processed at once: a burst of webhooks waits its turn instead of starting 1,000 calls.
 * Enough that RF's budget (one events call every ~100 ms) always has one waiting while the others
 * read Intercom, write back and save their outcome (issue #15: 16 left it idle on a loaded machine).
 */
export const IN_PROCESS_EVENT_CONCURRENCY = 32;

export function createInProcessJobRunner(onError: (key: string, err: unknown) => void = () => {}, o: { eventRetryDelayMs?: number } = {}): JobRunner {
  const jobs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const events = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const firstDelay = o.eventRetryDelayMs ?? EVENT_RETRY.firstDelayMs;
  let active = 0;
  const waiting: Array<() => void> = [];
  const slot = async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= IN_PROCESS_EVENT_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await work();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
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
    async submitEvent(eventId) {
      const { event } = bound();
      if (events.has(eventId)) return false;
      const controller = new AbortController();
      // Attempts with growing pauses; a stop drops the pauses (the event stays stored unfinished and a restart queues it again).
      const attempts = async () => {
        for (let n = 1; n <= EVENT_RETRY.attempts && !controller.signal.aborted; n++) {
          try {
            return await slot(() => event(eventId, { number: n, last: n === EVENT_RETRY.attempts }));
          } catch (err) {
            if (n === EVENT_RETRY.attempts) throw err;
            await pause(firstDelay * 2 ** (n - 1), controller.signal);
          }
        }
      };
      const done = attempts()
        .catch((err: unknown) => onError(eventId, err))
        .finally(() => events.delete(eventId));
      events.set(eventId, { controller, done });
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
      const all = [...jobs.values(), ...events.values()];
      for (const job of all) job.controller.abort('shutdown');
      await Promise.all([...all.map((j) => j.done), ticking]);
    },
  };
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
