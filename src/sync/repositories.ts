import type { SyncDefinition } from './definition.js';
import type { SyncRun } from './run-record.js';
import type { SyncState } from './sync-state.js';

// The engine's storage ports, shaped by the queries it makes. Adapters (src/store/*) implement
// them; nothing in the engine knows whether a JSON document or PostgreSQL sits behind them.
// Every method is atomic on its own: a `change` callback runs inside the adapter's transaction
// (or its one synchronous document update), so read-modify-write never interleaves.

/** Runs kept per sync (newest last); older ones are dropped as new ones are claimed. */
export const MAX_RUNS_PER_SYNC = 50;

const ACTIVE = new Set<SyncRun['status']>(['queued', 'running']);
export const isActive = (run: Pick<SyncRun, 'status'> | null | undefined): boolean => !!run && ACTIVE.has(run.status);

export type ClaimResult = { started: true; run: SyncRun } | { started: false; reason: 'busy'; run: SyncRun };

/** Sync definitions: what admins (and teammates, and the CLI) configured. */
export interface SyncDefinitionRepository {
  get(id: string): Promise<SyncDefinition | null>;
  /** The workspace's definitions, oldest first. */
  listByWorkspace(workspaceId: string): Promise<SyncDefinition[]>;
  /** Enabled ongoing definitions that are due at `now` (never scheduled, or `nextRunAt <= now`) and have no run in flight. */
  listDue(now: number): Promise<SyncDefinition[]>;
  /** Inserts or replaces by id. */
  put(def: SyncDefinition): Promise<void>;
  /** Deletes the definition with its state and runs. */
  delete(id: string): Promise<void>;
  /** Deletes every definition of a workspace, with their state and runs (uninstall). */
  deleteByWorkspace(workspaceId: string): Promise<void>;
}

/** Per-sync scheduling and resume state. A sync without a stored state reads as `emptyState()`. */
export interface SyncStateRepository {
  get(syncId: string): Promise<SyncState>;
  /** Applies `change` to the current state atomically and returns the result. */
  update(syncId: string, change: (state: SyncState) => void): Promise<SyncState>;
}

/** Runs and their bounded history (MAX_RUNS_PER_SYNC per sync). */
export interface SyncRunRepository {
  get(runId: string): Promise<SyncRun | null>;
  /** The sync's runs, newest first. */
  listBySync(syncId: string): Promise<SyncRun[]>;
  /** The sync's queued or running run, if any. */
  current(syncId: string): Promise<SyncRun | null>;
  /** Runs left queued or running (their sync's state has them in flight): a restart resumes them. */
  listInFlight(): Promise<SyncRun[]>;
  /**
   * Stores a new run and marks it in flight for its sync, unless the sync already has an active
   * run (then that run comes back, `started: false`). At most one active run per sync, whoever
   * asks: the adapter enforces it, not a read-then-write in the caller.
   */
  claim(run: SyncRun): Promise<ClaimResult>;
  /**
   * Saves progress and, when given, the position to resume from (after a page is fully processed).
   * A key of `patch` given as `undefined` removes that field (e.g. `waiting` once a wait is over).
   */
  saveProgress(runId: string, patch: Partial<SyncRun>, position?: { cursor: string | null; pageStartedAt: number | null }): Promise<void>;
  /**
   * Ends a run in one step: final fields on the record (`undefined` removes, as in saveProgress), its definition snapshot dropped, the
   * sync no longer in flight, and `change` applied to the sync's state.
   */
  finish(runId: string, patch: Partial<SyncRun>, change: (state: SyncState) => void): Promise<void>;
}

export interface SyncRepositories {
  definitions: SyncDefinitionRepository;
  states: SyncStateRepository;
  runs: SyncRunRepository;
}
