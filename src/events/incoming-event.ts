import { createHash } from 'node:crypto';
import { z } from 'zod';

// Events that reach the app from outside (Intercom webhooks; Referral Factory's outbound webhooks
// are the second source): stored before they are acknowledged, then processed as a job, so that
// an acknowledged event is never lost (issue #15). A record holds ids and versions only, never a
// payload: what the event is about is read again from the service when it is processed.

export const EventSourceSchema = z.enum(['intercom', 'referral_factory']);
export type EventSource = z.infer<typeof EventSourceSchema>;

export const EventStatusSchema = z.enum(['pending', 'processing', 'processed', 'failed']);
export type EventStatus = z.infer<typeof EventStatusSchema>;

const Scalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);

export const IncomingEventSchema = z.object({
  /** Ours: a digest of source and external id (`eventIdOf`), so a duplicate delivery maps to the same record and job. */
  id: z.string().min(1).max(80),
  source: EventSourceSchema,
  /** The sender's id of the event (Intercom: the notification id). Unique per source. */
  externalId: z.string().min(1).max(200),
  workspaceId: z.string().min(1).max(200),
  /** The sender's topic, e.g. `contact.user.created`. */
  topic: z.string().min(1).max(100),
  /** What the event is about (Intercom: the contact id); null when the event names nothing (ping). */
  subjectId: z.string().max(200).nullable(),
  /**
   * The subject's version as the event saw it (Intercom: the contact's `updated_at`, seconds): an
   * event older than one already stored for the same subject is stale (deliveries come in any order).
   */
  subjectVersion: z.number().int().nullable(),
  /** Small topic-specific facts (Intercom: the contact merged away, the role): at most a few keys, never a body. */
  detail: z.record(z.string().max(40), Scalar).default({}),
  /** When the sender says it happened (ms). */
  occurredAt: z.number().int(),
  /** When the app stored it (ms). */
  receivedAt: z.number().int(),
  status: EventStatusSchema,
  /** Times processing began. */
  attempts: z.number().int().min(0),
  /** Until when the current taker holds it (ms); another may take it over after. */
  leaseUntil: z.number().int().nullable(),
  /** What the app did with it, in a few words (for the simulator's events panel and the status screen). */
  outcome: z.string().max(300).optional(),
  /** The last failure's code and message. */
  lastError: z.string().max(300).optional(),
  finishedAt: z.number().int().nullable(),
});
export type IncomingEvent = z.infer<typeof IncomingEventSchema>;

/**
 * What a receiver knows of an event before it is stored. `settled`: the receiver already knows
 * there is nothing to do (the app's own write coming back): stored as processed with this outcome.
 */
export type NewIncomingEvent = Pick<IncomingEvent, 'source' | 'externalId' | 'workspaceId' | 'topic' | 'subjectId' | 'subjectVersion' | 'detail' | 'occurredAt'> & { settled?: string };

export const eventIdOf = (source: EventSource, externalId: string): string =>
  `evt_${createHash('sha256').update(JSON.stringify([source, externalId])).digest('hex').slice(0, 32)}`;

/** Finished events kept per workspace (newest), long enough to recognise a redelivery (Intercom retries after one minute). */
export const MAX_FINISHED_EVENTS_PER_WORKSPACE = 1_000;
/** Finished events older than this are dropped whatever their number. */
export const FINISHED_EVENT_RETENTION_MS = 24 * 3_600_000;
/** Unprocessed events a workspace may have waiting; past it new ones are refused (the sender retries). */
export const MAX_PENDING_EVENTS_PER_WORKSPACE = 5_000;

/** The bounds above, as one value the adapters take (tests shrink them). */
export interface EventLimits {
  maxFinishedPerWorkspace: number;
  finishedRetentionMs: number;
  maxPendingPerWorkspace: number;
}
export const DEFAULT_EVENT_LIMITS: EventLimits = {
  maxFinishedPerWorkspace: MAX_FINISHED_EVENTS_PER_WORKSPACE,
  finishedRetentionMs: FINISHED_EVENT_RETENTION_MS,
  maxPendingPerWorkspace: MAX_PENDING_EVENTS_PER_WORKSPACE,
};

export type RecordResult =
  /** Stored and waiting to be processed. */
  | { kind: 'stored'; event: IncomingEvent }
  /** Stored as already finished: an event newer for the same subject is already stored. */
  | { kind: 'stale'; event: IncomingEvent }
  /** Stored as processed: the receiver said it needs nothing (`settled`). */
  | { kind: 'settled'; event: IncomingEvent }
  /** The same (source, externalId) was stored before: nothing changed. */
  | { kind: 'duplicate'; event: IncomingEvent }
  /** The workspace has MAX_PENDING_EVENTS_PER_WORKSPACE waiting: not stored. */
  | { kind: 'full' };

export type FinishResult =
  | { status: 'processed'; outcome: string }
  /** `retry`: back to pending (a later attempt or a replay takes it); otherwise failed for good. */
  | { status: 'failed'; error: string; retry: boolean };

/** Storage port of incoming events (src/store/* adapters implement it). Every method is atomic. */
export interface IncomingEventRepository {
  /**
   * Stores a new event as pending, unless the same (source, externalId) is stored already
   * (`duplicate`), or an event of the same source, workspace and subject with a higher
   * subjectVersion is (`stale`: stored as processed, so its redelivery is a duplicate too). Prunes
   * finished events past the retention on the way.
   */
  record(event: NewIncomingEvent, now: number): Promise<RecordResult>;
  get(id: string): Promise<IncomingEvent | null>;
  /**
   * Takes a pending event, or one whose taker's lease ran out, for processing until `now + leaseMs`
   * (attempts + 1). Null when it is finished, held by another taker, or unknown: one taker at a time.
   */
  claim(id: string, now: number, leaseMs: number): Promise<IncomingEvent | null>;
  /** Ends an attempt: processed, failed for good, or back to pending for a retry. */
  finish(id: string, result: FinishResult, now: number): Promise<void>;
  /** Whether an event of this source, workspace and subject with a higher version is stored. */
  hasNewer(event: Pick<IncomingEvent, 'source' | 'workspaceId' | 'subjectId' | 'subjectVersion'>): Promise<boolean>;
  /** Events not finished (pending or being processed), oldest first: a restart queues them again. */
  listUnfinished(limit: number): Promise<IncomingEvent[]>;
  /** The workspace's events, newest first. */
  listRecent(workspaceId: string, limit: number): Promise<IncomingEvent[]>;
  /** Uninstall: the workspace's events go with its other data. */
  deleteByWorkspace(workspaceId: string): Promise<void>;
}

export interface EventRepositories {
  events: IncomingEventRepository;
}

/** The record a new event starts as. */
export function newRecord({ settled, ...e }: NewIncomingEvent, now: number, stale: boolean): IncomingEvent {
  const outcome = stale ? 'Ignored: a newer event about this contact had already arrived' : settled;
  return {
    ...e,
    id: eventIdOf(e.source, e.externalId),
    receivedAt: now,
    status: outcome === undefined ? 'pending' : 'processed',
    attempts: 0,
    leaseUntil: null,
    ...(outcome === undefined ? {} : { outcome: outcome.slice(0, 300) }),
    finishedAt: outcome === undefined ? null : now,
  };
}

export const isFinished = (e: Pick<IncomingEvent, 'status'>): boolean => e.status === 'processed' || e.status === 'failed';

/** Applies `finish` to a record (the adapters share it). */
export function finishedRecord(e: IncomingEvent, result: FinishResult, now: number): IncomingEvent {
  if (result.status === 'processed') {
    const { lastError: _l, ...rest } = e;
    return { ...rest, status: 'processed', outcome: result.outcome.slice(0, 300), leaseUntil: null, finishedAt: now };
  }
  const error = result.error.slice(0, 300);
  return result.retry
    ? { ...e, status: 'pending', lastError: error, leaseUntil: null }
    : { ...e, status: 'failed', lastError: error, outcome: 'Failed', leaseUntil: null, finishedAt: now };
}
