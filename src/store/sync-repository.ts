import type { SyncDefinition } from '../sync/definition.js';
import type { SyncRun } from '../sync/run-record.js';
import { MAX_RUNS_PER_SYNC, type DbFile, type SyncState } from './db-schema.js';
import type { Store } from './store.js';

export const MAX_RETRY_IDS = 1000;
const ACTIVE = new Set<SyncRun['status']>(['queued', 'running']);
export const isActive = (run: SyncRun | undefined): boolean => run !== undefined && ACTIVE.has(run.status);

export const emptyState = (): SyncState => ({ updatedSince: null, lastCompletedAt: null, nextRunAt: null, retryContactIds: [], inFlight: null });

const stateOf = (db: DbFile, syncId: string): SyncState => (db.syncState[syncId] ??= emptyState());
const findRun = (db: Readonly<DbFile>, runId: string): SyncRun | undefined => {
  for (const runs of Object.values(db.runs)) {
    const hit = runs.find((r) => r.id === runId);
    if (hit) return hit;
  }
  return undefined;
};

export type ClaimResult = { started: true; run: SyncRun } | { started: false; reason: 'busy'; run: SyncRun };

/** Definitions, checkpoints and bounded run history in the app's one document. Nothing per contact. */
export function createSyncRepository(store: Store) {
  const db = () => store.read();
  return {
    getDefinition: (id: string): SyncDefinition | null => db().syncs[id] ?? null,
    listDefinitions: (workspaceId: string): SyncDefinition[] =>
      Object.values(db().syncs).filter((d) => d.workspaceId === workspaceId).sort((a, b) => a.createdAt - b.createdAt),
    allDefinitions: (): SyncDefinition[] => Object.values(db().syncs),
    putDefinition: (def: SyncDefinition) => store.update((d) => void (d.syncs[def.id] = def)),
    deleteDefinition: (id: string) =>
      store.update((d) => {
        delete d.syncs[id];
        delete d.syncState[id];
        delete d.runs[id];
      }),
    getState: (syncId: string): SyncState => db().syncState[syncId] ?? emptyState(),
    updateState: (syncId: string, change: (s: SyncState) => void) => store.update((d) => change(stateOf(d, syncId))),
    getRun: (runId: string): SyncRun | null => findRun(db(), runId) ?? null,
    listRuns: (syncId: string): SyncRun[] => [...(db().runs[syncId] ?? [])].reverse(),
    currentRun(syncId: string): SyncRun | null {
      const id = db().syncState[syncId]?.inFlight?.runId;
      const run = id ? findRun(db(), id) : undefined;
      return run && isActive(run) ? run : null;
    },
    /** Runs that were queued or running when the process stopped (`inFlight` set). */
    inFlightRunIds: (): string[] =>
      Object.values(db().syncState).flatMap((s) => (s.inFlight ? [s.inFlight.runId] : [])),

    /**
     * Check-and-set inside one `store.update`: only one active run per sync, whoever asks
     * (a tick, a teammate, a restart). `update` applies its change synchronously, so no other
     * claim can interleave.
     */
    async claimRun(run: SyncRun): Promise<ClaimResult> {
      let result: ClaimResult | undefined;
      await store.update((d) => {
        const state = stateOf(d, run.syncId);
        const current = state.inFlight ? findRun(d, state.inFlight.runId) : undefined;
        if (isActive(current)) {
          result = { started: false, reason: 'busy', run: structuredClone(current as SyncRun) };
          return;
        }
        const runs = (d.runs[run.syncId] ??= []);
        runs.push(run);
        if (runs.length > MAX_RUNS_PER_SYNC) runs.splice(0, runs.length - MAX_RUNS_PER_SYNC);
        state.inFlight = { runId: run.id, cursor: null, pageStartedAt: null };
        result = { started: true, run: structuredClone(run) };
      });
      return result as ClaimResult;
    },

    /** Saves progress and, when given, the position to resume from (after a page is fully processed). */
    saveProgress: (runId: string, patch: Partial<SyncRun>, cursor?: { cursor: string | null; pageStartedAt: number | null }) =>
      store.update((d) => {
        const run = findRun(d, runId);
        if (!run) return;
        Object.assign(run, patch);
        const state = stateOf(d, run.syncId);
        if (cursor && state.inFlight?.runId === runId) Object.assign(state.inFlight, cursor);
      }),

    /** Ends a run: final fields on the record, the snapshot dropped, the checkpoint cleared and state moved on. */
    finishRun: (runId: string, patch: Partial<SyncRun>, change: (s: SyncState) => void) =>
      store.update((d) => {
        const run = findRun(d, runId);
        if (!run) return;
        Object.assign(run, patch);
        delete run.definition;
        const state = stateOf(d, run.syncId);
        if (state.inFlight?.runId === runId) state.inFlight = null;
        change(state);
        state.retryContactIds = state.retryContactIds.slice(0, MAX_RETRY_IDS);
      }),
  };
}

export type SyncRepository = ReturnType<typeof createSyncRepository>;
