import type { SyncState } from './sync-state.js';
import type { SyncDefinition } from './definition.js';

/**
 * Ongoing syncs whose time has come: enabled, no run in flight, and never scheduled yet or due.
 * Pure; the service calls it on every tick.
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
