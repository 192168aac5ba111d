import { isActive, MAX_RUNS_PER_SYNC, type ClaimResult, type SyncRepositories } from '../../sync/repositories.js';
import type { SyncRun } from '../../sync/run-record.js';
import { dueSyncs } from '../../sync/scheduler.js';
import { emptyState, MAX_RETRY_IDS, type SyncState } from '../../sync/sync-state.js';
import type { DbFile } from './db-schema.js';
import type { DocumentStore } from './document.js';

// Definitions, state and bounded run history in the embedded document. Each change happens in
// one synchronous `doc.update` callback, so check-and-set (one active run per sync) cannot
// interleave within the process; the file lock keeps other processes out.

const stateOf = (db: DbFile, syncId: string): SyncState => (db.syncState[syncId] ??= emptyState());

function findRun(db: Readonly<DbFile>, runId: string): SyncRun | undefined {
  for (const runs of Object.values(db.runs)) {
    const hit = runs.find((r) => r.id === runId);
    if (hit) return hit;
  }
  return undefined;
}

/** Applies a partial record: a key given as `undefined` is removed (the ports' meaning), not kept as undefined. */
function applyPatch<T extends object>(target: T, patch: Partial<T>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete (target as Record<string, unknown>)[key];
    else (target as Record<string, unknown>)[key] = structuredClone(value);
  }
}

const copy = <T>(value: T | undefined): T | null => (value === undefined ? null : structuredClone(value));

export function lowdbSyncRepositories(doc: DocumentStore): SyncRepositories {
  const db = () => doc.read();
  const currentOf = (d: Readonly<DbFile>, syncId: string): SyncRun | undefined => {
    const id = d.syncState[syncId]?.inFlight?.runId;
    const run = id ? findRun(d, id) : undefined;
    return isActive(run) ? run : undefined;
  };
  const removeSyncs = (d: DbFile, ids: string[]) => {
    for (const id of ids) {
      delete d.syncs[id];
      delete d.syncState[id];
      delete d.runs[id];
    }
  };

  return {
    definitions: {
      get: async (id) => copy(Object.hasOwn(db().syncs, id) ? db().syncs[id] : undefined),
      listByWorkspace: async (workspaceId) =>
        structuredClone(Object.values(db().syncs).filter((d) => d.workspaceId === workspaceId).sort((a, b) => a.createdAt - b.createdAt)),
      listDue: async (now) =>
        structuredClone(dueSyncs(Object.values(db().syncs), (id) => db().syncState[id] ?? emptyState(), now)),
      put: (def) => doc.update((d) => void (d.syncs[def.id] = structuredClone(def))),
      delete: (id) => doc.update((d) => removeSyncs(d, [id])),
      deleteByWorkspace: (workspaceId) =>
        doc.update((d) => removeSyncs(d, Object.values(d.syncs).filter((s) => s.workspaceId === workspaceId).map((s) => s.id))),
    },

    states: {
      get: async (syncId) => structuredClone(db().syncState[syncId] ?? emptyState()),
      async update(syncId, change) {
        await doc.update((d) => change(stateOf(d, syncId)));
        return structuredClone(stateOf(doc.read() as DbFile, syncId));
      },
    },

    runs: {
      get: async (runId) => copy(findRun(db(), runId)),
      listBySync: async (syncId) => structuredClone([...(db().runs[syncId] ?? [])].reverse()),
      current: async (syncId) => copy(currentOf(db(), syncId)),
      listInFlight: async () =>
        structuredClone(Object.keys(db().syncState).flatMap((syncId) => currentOf(db(), syncId) ?? [])),

      async claim(run) {
        let result: ClaimResult | undefined;
        await doc.update((d) => {
          const current = currentOf(d, run.syncId);
          if (current) {
            result = { started: false, reason: 'busy', run: structuredClone(current) };
            return;
          }
          const runs = (d.runs[run.syncId] ??= []);
          runs.push(structuredClone(run));
          if (runs.length > MAX_RUNS_PER_SYNC) runs.splice(0, runs.length - MAX_RUNS_PER_SYNC);
          stateOf(d, run.syncId).inFlight = { runId: run.id, cursor: null, pageStartedAt: null };
          result = { started: true, run: structuredClone(run) };
        });
        return result as ClaimResult;
      },

      saveProgress: (runId, patch, position) =>
        doc.update((d) => {
          const run = findRun(d, runId);
          // A run that has ended keeps its final record (a late save from a stopped job changes nothing).
          if (!run || !isActive(run)) return;
          applyPatch(run, patch);
          const state = stateOf(d, run.syncId);
          if (position && state.inFlight?.runId === runId) Object.assign(state.inFlight, position);
        }),

      finish: (runId, patch, change) =>
        doc.update((d) => {
          const run = findRun(d, runId);
          if (!run) return;
          applyPatch(run, patch);
          delete run.definition;
          const state = stateOf(d, run.syncId);
          if (state.inFlight?.runId === runId) state.inFlight = null;
          change(state);
          state.retryContactIds = state.retryContactIds.slice(0, MAX_RETRY_IDS);
        }),
    },
  };
}
