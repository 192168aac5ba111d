/** Why a job was asked to stop: a user cancelled it, or the process is shutting down (the job resumes after a restart). */
export type StopReason = 'cancel' | 'shutdown';

/**
 * Runs long work in the background. In-process now; a distributed queue later can implement the
 * same interface (submit = enqueue, cancel = publish a stop, drain = wait for local workers).
 */
export interface JobRunner {
  /** Starts `work` under `key` and returns at once. A key already running is not started twice. */
  submit(key: string, work: (signal: AbortSignal) => Promise<void>): boolean;
  /** Aborts the job's signal with `reason`; false when no such job runs here. */
  stop(key: string, reason: StopReason): boolean;
  isRunning(key: string): boolean;
  /** Aborts every job with `reason` ('shutdown' by default) and waits for them to return. */
  drain(reason?: StopReason): Promise<void>;
}

export const stopReason = (signal: AbortSignal): StopReason | null =>
  signal.aborted ? (signal.reason === 'cancel' ? 'cancel' : 'shutdown') : null;
