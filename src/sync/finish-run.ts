import { definitionKey, type SyncDefinition } from './definition.js';
import type { ExecuteDeps } from './execute-run.js';
import { nextCheckpoint } from './run-position.js';
import type { SyncRun } from './run-record.js';
import type { RunTally } from './run-tally.js';
import { nextRunAt } from './scheduler.js';

export interface RunEnd {
  status: SyncRun['status'];
  startedAt?: number;
  failureReason?: string;
  /** The definition the run used (its snapshot), on completed runs: the checkpoint is reached under its key. */
  def?: SyncDefinition;
}

/**
 * Ends a run: its record, the sync's retry list, and for a completed run the checkpoint (with the
 * key of the settings it was reached under) and, after a full run, the reconciliation time.
 */
export async function finishRun(deps: Pick<ExecuteDeps, 'repos' | 'clock' | 'logger' | 'live' | 'indexLagSeconds'>, run: SyncRun, tally: RunTally, end: RunEnd): Promise<void> {
  const now = deps.clock.now();
  const completed = end.status === 'succeeded' || end.status === 'finished_with_errors';
  // The definition as it is now (it may have been edited or disabled during the run) sets the next run.
  const current = await deps.repos.definitions.get(run.syncId);
  const used = end.def ?? run.definition ?? current;
  const { failedIds, waiting: _w, ...progress } = tally.snapshot();
  deps.live?.delete(run.id);
  const startedAt = end.startedAt ?? run.startedAt ?? now;
  await deps.repos.runs.finish(
    run.id,
    { ...progress, waiting: undefined, status: end.status, endedAt: now, startedAt, ...(end.failureReason ? { failureReason: end.failureReason } : {}) },
    (state) => {
      const failed = failedIds ?? [];
      // Completed runs retried the previous failures themselves; otherwise keep them for next time.
      state.retryContactIds = completed ? failed : [...new Set([...state.retryContactIds, ...failed])];
      if (end.status === 'failed') state.lastFailedAt = now;
      else if (completed) state.lastFailedAt = null;
      if (completed && run.mode !== 'retry_failed') {
        state.updatedSince = nextCheckpoint(startedAt, deps.indexLagSeconds);
        state.checkpointKey = used ? definitionKey(used) : null;
        if (run.mode === 'full') state.lastFullAt = startedAt;
        state.lastCompletedAt = now;
      }
      state.nextRunAt = nextRunAt(current, now);
    },
  );
  deps.logger.info({ runId: run.id, syncId: run.syncId, mode: run.mode, status: end.status, counts: tally.counts, notChanged: tally.notChanged }, 'sync run ended');
}
