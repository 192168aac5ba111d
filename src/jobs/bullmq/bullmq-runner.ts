import { Queue, WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { EVENT_RETRY, type JobHandlers, type JobRunner } from '../job-runner.js';
import { createStopSignals } from './stop-signals.js';

// Jobs on BullMQ (https://docs.bullmq.io): web processes queue them, worker processes run them.
// A run's job id is the run id, so a run is queued at most once however many processes ask.

export interface BullmqRunnerOptions {
  /** `web` queues jobs only; `worker` also processes them and keeps the scheduler tick registered. */
  role: 'web' | 'worker';
  /** A connection opened with `openRedis` (shared; BullMQ duplicates it for its blocking reads). */
  redis: Redis;
  /** This deployment's key prefix; the queue's keys are `${prefix}:jobs:*`. */
  prefix: string;
  /** Jobs one worker process runs at once (default 16): runs wait on RF's per-key budgets, not on CPU. */
  concurrency?: number;
  /**
   * How long a worker's hold on a job lasts without renewal (default 30 s; renewed every half).
   * A worker that dies loses its jobs after this, and the stalled check (same interval) hands them
   * to another worker: a dead worker's run resumes within about twice this.
   */
  lockMs?: number;
  logger?: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
  /** First pause before an event's retry (EVENT_RETRY); tests shorten it. */
  eventRetryDelayMs?: number;
}

const QUEUE = 'jobs';
const TICK_SCHEDULER = 'sync-tick';
/** A run whose worker was lost this many times (killed, out of memory) is ended as failed rather than handed on forever. */
export const MAX_LOST_WORKERS = 3;

type JobData = { runId: string } | { eventId: string } | Record<string, never>;

/** BullMQ refuses custom ids holding `:`. */
const eventJobId = (eventId: string) => `event-${eventId}`;

export function createBullmqJobRunner(o: BullmqRunnerOptions): JobRunner & { close(): Promise<void> } {
  const log = o.logger ?? { info() {}, warn() {}, error() {} };
  const lockMs = o.lockMs ?? 30_000;
  const connection = { connection: o.redis, prefix: `${o.prefix}:jobs` };
  const queue = new Queue<JobData>(QUEUE, connection);
  queue.on('error', (err) => log.error({ err: String(err) }, 'job queue: Redis error'));
  const signals = createStopSignals(o.redis, o.prefix);
  const running = new Map<string, AbortController>();
  let handlers: JobHandlers | null = null;
  let worker: Worker<JobData> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let stopping = false;
  let handedBack = 0;

  const bound = (): JobHandlers => {
    if (!handlers) throw new Error('job runner: bind(handlers) before processing jobs');
    return handlers;
  };

  /** Gives the job back to the queue: the next worker (or this one after a restart) resumes the run from its saved position. */
  async function handBack(job: Job<JobData>, token: string | undefined): Promise<never> {
    await job.moveToWait(token).catch((err: unknown) => log.warn({ jobId: job.id, err: String(err) }, 'hand-back refused (the lock was lost); the stalled check re-queues it'));
    handedBack += 1;
    throw new WaitingError();
  }

  async function processRun(job: Job<JobData>, token: string | undefined): Promise<void> {
    // A fetch already in flight when stopping began can still deliver a job (even the one just handed back).
    if (stopping) return handBack(job, token);
    const runId = (job.data as { runId: string }).runId;
    if (job.stalledCounter >= MAX_LOST_WORKERS) {
      log.error({ runId, lost: job.stalledCounter }, 'run abandoned: its worker was lost too many times');
      return bound().abandon(runId, `internal: the worker running it stopped ${job.stalledCounter} times (killed or out of memory?)`);
    }
    const controller = new AbortController();
    running.set(runId, controller);
    log.info({ runId, handedOn: job.stalledCounter }, 'run job taken');
    try {
      if (await signals.isCancelled(runId)) controller.abort('cancel');
      await bound().run(runId, controller.signal);
    } finally {
      running.delete(runId);
    }
    if (controller.signal.aborted && controller.signal.reason === 'shutdown') return handBack(job, token);
    // Lost: the job is no longer ours to complete or hand back; the stalled check re-queues it.
    if (controller.signal.aborted && controller.signal.reason === 'lost') throw new WaitingError();
    if (controller.signal.aborted) await signals.clear(runId);
  }

  async function startWorker(tickSeconds: number): Promise<void> {
    worker = new Worker<JobData>(
      QUEUE,
      async (job, token) => {
        if (job.name === 'tick') return bound().tick();
        if (job.name === 'run') return processRun(job, token);
        if (job.name === 'event') {
          // attemptsMade counts the attempts that failed before this one.
          const number = job.attemptsMade + 1;
          return bound().event((job.data as { eventId: string }).eventId, { number, last: number >= (job.opts.attempts ?? 1) });
        }
        if (job.name === 'wake') return;
        log.error({ name: job.name, id: job.id }, 'unknown job dropped');
      },
      {
        ...connection,
        concurrency: o.concurrency ?? 16,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        // BullMQ would fail a job stalled more than this; MAX_LOST_WORKERS ends the run first, with its reason.
        maxStalledCount: MAX_LOST_WORKERS + 1,
        autorun: false,
      },
    );
    worker.on('error', (err) => log.error({ err: String(err) }, 'job worker: error'));
    worker.on('stalled', (jobId) => log.warn({ jobId }, 'job re-queued: its worker stopped renewing its lock'));
    // Lost the lock (blocked event loop, Redis unreachable): another worker may take the job, so stop it here.
    worker.on('lockRenewalFailed', (ids) => ids.forEach((id) => running.get(id)?.abort('lost')));
    unlisten = await signals.listen((runId) => running.get(runId)?.abort('cancel'));
    // One scheduler for the whole deployment: exactly one tick job per interval, whichever worker takes it.
    await queue.upsertJobScheduler(TICK_SCHEDULER, { every: tickSeconds * 1000 }, { name: 'tick', data: {}, opts: { removeOnComplete: true, removeOnFail: true } });
    void worker.run().catch((err: unknown) => log.error({ err: String(err) }, 'job worker stopped'));
    await worker.waitUntilReady();
  }

  const runner = {
    executes: o.role === 'worker',
    bind(h: JobHandlers) {
      handlers = h;
    },
    async submitRun(runId: string): Promise<boolean> {
      const existing = await queue.getJob(runId);
      if (existing) {
        const state = await existing.getState();
        if (state !== 'completed' && state !== 'failed') return false;
        await existing.remove();
      }
      await queue.add('run', { runId }, { jobId: runId, removeOnComplete: true, removeOnFail: true });
      return true;
    },
    async submitEvent(eventId: string): Promise<boolean> {
      const jobId = eventJobId(eventId);
      const existing = await queue.getJob(jobId);
      if (existing) {
        const state = await existing.getState();
        if (state !== 'completed' && state !== 'failed') return false;
        await existing.remove();
      }
      await queue.add('event', { eventId }, {
        jobId, attempts: EVENT_RETRY.attempts, backoff: { type: 'exponential', delay: o.eventRetryDelayMs ?? EVENT_RETRY.firstDelayMs },
        removeOnComplete: true, removeOnFail: true,
      });
      return true;
    },
    async cancelRun(runId: string): Promise<boolean> {
      const job = await queue.getJob(runId);
      if (!job) return false;
      // A queued job is dropped; a job a worker holds cannot be removed, so that worker is told.
      const removed = await job.remove().then(() => true, () => false);
      if (removed) return false;
      await signals.requestCancel(runId);
      return true;
    },
    async start({ tickSeconds }: { tickSeconds: number }): Promise<void> {
      if (o.role === 'worker' && !worker) await startWorker(tickSeconds);
    },
    async stop(): Promise<void> {
      if (!worker) return;
      stopping = true;
      const closing = worker.close();
      for (const c of running.values()) c.abort('shutdown');
      await closing;
      // The closing worker's own blocking read can consume the wake-up signal its hand-back gave
      // the queue, leaving idle workers asleep until their read times out: wake them with a no-op job.
      if (handedBack > 0) await queue.add('wake', {}, { removeOnComplete: true, removeOnFail: true });
      handedBack = 0;
      await unlisten?.();
      worker = null;
      unlisten = null;
      stopping = false;
    },
    /** Stops processing and closes the queue (the Redis connection stays the caller's). */
    async close(): Promise<void> {
      await runner.stop();
      await queue.close();
    },
  };
  return runner;
}
