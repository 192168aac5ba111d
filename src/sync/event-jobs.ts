import type { EventSource, IncomingEvent, IncomingEventRepository, NewIncomingEvent, RecordResult } from '../events/incoming-event.js';
import type { EventAttempt, JobRunner } from '../jobs/job-runner.js';
import { isAppError, toAppError } from '../shared/errors.js';
import type { Logger } from './logger.js';

// Incoming events as jobs: stored first (the receiver answers only after), then processed by the
// job runner with retries; whatever was stored and not finished is queued again at start-up and
// by every scheduler tick (a crash, a lost job). Each source has its handler: Intercom's contact
// events (contact-events.ts) and Referral Factory's (rf-events.ts).

/** How long one taker holds an event before another may take it over (a process killed mid-event). */
export const EVENT_LEASE_MS = 60_000;
/** Unfinished events queued again per pass. */
const REPLAY_BATCH = 500;

export type EventHandler = (event: IncomingEvent) => Promise<string>;

export interface EventJobDeps {
  events: IncomingEventRepository;
  jobs: Pick<JobRunner, 'submitEvent'>;
  now(): number;
  logger: Logger;
  handlers: Partial<Record<EventSource, EventHandler>>;
  /** Per source: what an event needs no job for (the app's own write coming back), said before it is stored. */
  settle?: Partial<Record<EventSource, (event: NewIncomingEvent) => Promise<string | null>>>;
}

/** Failures worth another attempt: the service was down or busy, or the store could not write. */
const retryable = (err: unknown): boolean =>
  isAppError(err) && (err.retryable || ['upstream_unavailable', 'upstream_rate_limited', 'store_unavailable', 'store_write_failed'].includes(err.code));

export function createEventJobs(deps: EventJobDeps) {
  const { events, logger } = deps;

  async function submit(eventId: string): Promise<void> {
    await deps.jobs.submitEvent(eventId).catch((err: unknown) =>
      logger.warn({ eventId, err: String(err) }, 'could not queue the event; the next scheduler pass queues it again'));
  }

  return {
    /** Stores an event and queues it. Resolves once it is stored: the receiver may acknowledge then. */
    async receive(input: NewIncomingEvent): Promise<RecordResult> {
      // A failure to tell is no reason to refuse the event: it is then processed as any other.
      const settled = await deps.settle?.[input.source]?.(input).catch(() => null);
      const result = await events.record(settled ? { ...input, settled } : input, deps.now());
      if (result.kind === 'stored') await submit(result.event.id);
      return result;
    },

    /** The job: takes the event (one taker), runs its source's handler, records what came of it. */
    async process(eventId: string, attempt: EventAttempt): Promise<void> {
      const event = await events.claim(eventId, deps.now(), EVENT_LEASE_MS);
      if (!event) return;
      try {
        if (await events.hasNewer(event)) {
          await events.finish(eventId, { status: 'processed', outcome: 'Ignored: a newer event about this contact had already arrived' }, deps.now());
          return;
        }
        const handler = deps.handlers[event.source];
        const outcome = handler ? await handler(event) : `Ignored: no handler for ${event.source} events`;
        await events.finish(eventId, { status: 'processed', outcome }, deps.now());
        logger.info({ eventId, topic: event.topic, workspaceId: event.workspaceId, outcome }, 'event processed');
      } catch (err) {
        const e = toAppError(err);
        const again = retryable(err) && !attempt.last;
        await events.finish(eventId, { status: 'failed', error: `${e.code}: ${e.message}`, retry: again }, deps.now());
        logger.warn({ eventId, topic: event.topic, attempt: attempt.number, code: e.code, retry: again }, 'event failed');
        if (again) throw e;
      }
    },

    /** Queues the events stored but not finished (a crash, a job lost); those already queued are not queued twice. */
    async replay(): Promise<number> {
      const waiting = await events.listUnfinished(REPLAY_BATCH);
      for (const e of waiting) await submit(e.id);
      return waiting.length;
    },

    /** Single-process stores only: events left being processed by a process that stopped go back to pending. */
    async releaseAll(): Promise<void> {
      for (const e of await events.listUnfinished(REPLAY_BATCH)) {
        if (e.status === 'processing') await events.finish(e.id, { status: 'failed', error: 'internal: interrupted by a restart', retry: true }, deps.now());
      }
    },

    recent: (workspaceId: string, limit: number): Promise<IncomingEvent[]> => events.listRecent(workspaceId, limit),
  };
}

export type EventJobs = ReturnType<typeof createEventJobs>;
