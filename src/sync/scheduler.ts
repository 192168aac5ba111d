import type { SyncState } from './sync-state.js';
import { definitionKey, type SyncDefinition } from './definition.js';
import type { FullReason, SyncRun } from './run-record.js';

// When ongoing syncs run, and whether a run reads the whole audience or what changed. The one place
// for these rules: the in-process tick and a distributed job scheduler both call them (through
// the repositories' `listDue`, which applies `dueSyncs`).

/**
 * Ongoing syncs whose time has come: enabled, no run in flight, and never scheduled yet or due.
 * Pure; the adapters apply it in `listDue`.
 */
export function dueSyncs(defs: readonly SyncDefinition[], stateOf: (id: string) => SyncState, now: number): SyncDefinition[] {
  return defs.filter((d) => {
    if (!d.enabled || d.schedule.type !== 'ongoing') return false;
    const s = stateOf(d.id);
    return s.inFlight === null && (s.nextRunAt === null || s.nextRunAt <= now);
  });
}

/** When an ongoing sync runs next after a run ended at `now` (null: not scheduled). */
export const nextRunAt = (def: SyncDefinition | null, now: number): number | null =>
  def && def.enabled && def.schedule.type === 'ongoing' ? now + def.schedule.intervalMinutes * 60_000 : null;

/** Default period of the full reconciliation of ongoing syncs (SYNC_RECONCILE_HOURS). */
export const DEFAULT_RECONCILE_HOURS = 24;

export interface PlannedMode {
  mode: SyncRun['mode'];
  /** Set when an ongoing sync's run is a full one: why. */
  fullReason?: FullReason;
}

/**
 * Full or incremental, for a run of `def` started at `now` without an explicit mode. One-time syncs
 * always read everyone. An ongoing sync reads only what changed since its checkpoint, unless it
 * has none, its settings changed since the checkpoint was reached (a new audience's members were
 * never read), or its last full run is older than the reconciliation period (a full run catches
 * what incremental searches cannot see: index delays, contacts joining a segment without changing).
 */
export function plannedMode(def: SyncDefinition, state: SyncState, now: number, reconcileMs: number): PlannedMode {
  if (def.schedule.type === 'one_time') return { mode: 'full' };
  if (state.updatedSince === null) return { mode: 'full', fullReason: 'first_run' };
  if (state.checkpointKey !== definitionKey(def)) return { mode: 'full', fullReason: 'settings_changed' };
  if (state.lastFullAt === null || now - state.lastFullAt >= reconcileMs) return { mode: 'full', fullReason: 'reconcile' };
  return { mode: 'incremental' };
}
