/**
 * Why a job was asked to stop: a user cancelled it (the run ends as cancelled); the process is
 * shutting down (the run finishes the page in hand and is handed back); or this process lost its
 * hold on the job (another worker may already run it: stop at once, save nothing more).
 */
export type StopReason = 'cancel' | 'shutdown' | 'lost';

/** Which attempt at an event this is; on the last one a failure is final. */
export interface EventAttempt {
  number: number;
  last: boolean;
}

/**
 * How events are retried: this many attempts, the first retry after `firstDelayMs`, each next one
 * after twice the delay before (1, 2, 4, 8 s). Past them the event stays stored as failed; polling
 * (the ongoing runs) still catches the contact.
 */
export const EVENT_RETRY = { attempts: 5, firstDelayMs: 1_000 } as const;

/**
 * What the engine does for each kind of job. Jobs are data (a kind and an id), not closures, so a
 * queue can carry them to another process; the sync service binds these once.
 */
export interface JobHandlers {
  /**
   * Runs or resumes one run to its end, or until `signal` aborts: on 'shutdown' it returns with its
   * position saved and the run still in flight (the job is handed back); on 'cancel' it ends the run.
   */
  run(runId: string, signal: AbortSignal): Promise<void>;
  /** Ends a run whose job cannot go on (its worker was lost too many times), with the reason. */
  abandon(runId: string, reason: string): Promise<void>;
  /** One scheduler pass: starts the syncs that are due, and re-queues runs in flight whose job was lost. */
  tick(): Promise<void>;
  /**
   * Processes one stored incoming event (src/events/). Throwing asks for another attempt after a
   * delay (EVENT_RETRY); on the last attempt the handler records the failure itself.
   */
  event(eventId: string, attempt: EventAttempt): Promise<void>;
}

/**
 * Runs the engine's long work in the background: in this process (the embedded default) or on a
 * queue that worker processes consume (distributed mode). The engine only sees this port.
 */
export interface JobRunner {
  /** Whether this process executes jobs; false for a web process that only queues them. */
  readonly executes: boolean;
  /** Sets what each kind of job does; called once, before anything is submitted. */
  bind(handlers: JobHandlers): void;
  /**
   * Queues the run's job (its id is the run id). Resolves true when queued now, false when a job of
   * this run is already queued or running: a run is never queued twice.
   */
  submitRun(runId: string): Promise<boolean>;
  /**
   * Queues the processing of a stored event (its job id derives from the event id). Resolves false
   * when a job of this event is already queued, running or waiting for a retry: an event is never
   * queued twice, however many processes receive or replay it.
   */
  submitEvent(eventId: string): Promise<boolean>;
  /**
   * Stops the run's job wherever it runs: true when a job is running and was told to stop (its
   * handler then ends the run as cancelled); false when none is running (a queued one is dropped),
   * and the caller ends the run itself.
   */
  cancelRun(runId: string): Promise<boolean>;
  /**
   * Starts the scheduler tick every `tickSeconds` (once per interval whatever the number of
   * processes) and, where this process executes jobs, their processing.
   */
  start(opts: { tickSeconds: number }): Promise<void>;
  /**
   * Stops ticking and processing. Running jobs get 'shutdown' (they stop after the page in hand,
   * with their position saved) and are handed back to the queue; resolves when they have.
   */
  stop(): Promise<void>;
}

export const stopReason = (signal: AbortSignal): StopReason | null =>
  signal.aborted ? (signal.reason === 'cancel' || signal.reason === 'lost' ? signal.reason : 'shutdown') : null;

/** Whether a stop means leaving at the next contact rather than finishing the page in hand. */
export const stopsAtOnce = (signal: AbortSignal): boolean => {
  const reason = stopReason(signal);
  return reason === 'cancel' || reason === 'lost';
};
