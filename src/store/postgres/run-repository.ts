import type pg from 'pg';
import { AppError } from '../../shared/errors.js';
import { MAX_RUNS_PER_SYNC, type ClaimResult, type SyncRunRepository } from '../../sync/repositories.js';
import type { SyncRun } from '../../sync/run-record.js';
import { MAX_RETRY_IDS } from '../../sync/sync-state.js';
import { inTransaction, pgCode } from './pool.js';
import { changeState } from './state-change.js';
import { fromRow, insertStatement, selectList, setList } from './table.js';
import { ACTIVE_STATUSES_SQL, runs as R } from './tables.js';

// Runs and their bounded history. The one-active-run-per-sync rule is the partial unique index
// sync_runs_one_active: a claim inserts or learns, from the conflict, that another run holds it.

const RUN = selectList(R);
const ACTIVE_OF_SYNC = `SELECT ${RUN} FROM sync_runs WHERE sync_id = $1 AND status IN ${ACTIVE_STATUSES_SQL}`;

/** A conflicting run may end between our insert and our look at it: then the claim is tried again. */
const CLAIM_ATTEMPTS = 5;

export function postgresRunRepository(pool: pg.Pool): SyncRunRepository {
  const one = async (text: string, values: unknown[]): Promise<SyncRun | null> => {
    const { rows } = await pool.query(text, values);
    return rows[0] ? fromRow(R, rows[0]) : null;
  };
  const many = async (text: string, values: unknown[]): Promise<SyncRun[]> => (await pool.query(text, values)).rows.map((r) => fromRow(R, r));

  async function claimOnce(run: SyncRun): Promise<ClaimResult | null> {
    return inTransaction(pool, async (c) => {
      const insert = insertStatement(R, run, `ON CONFLICT (sync_id) WHERE status IN ${ACTIVE_STATUSES_SQL} DO NOTHING RETURNING id`);
      let inserted: number;
      try {
        // A concurrent claim's insert makes this one wait for its commit, then conflict.
        inserted = (await c.query(insert)).rowCount ?? 0;
      } catch (err) {
        if (pgCode(err) === '23503') throw new AppError('not_found', `No sync ${run.syncId}`, { cause: err });
        throw err;
      }
      if (inserted === 0) {
        const { rows } = await c.query(ACTIVE_OF_SYNC, [run.syncId]);
        return rows[0] ? { started: false, reason: 'busy', run: fromRow(R, rows[0]) } : null;
      }
      await changeState(c, run.syncId, (state) => {
        state.inFlight = { runId: run.id, cursor: null, pageStartedAt: null };
      });
      // The bounded history: everything past the newest MAX_RUNS_PER_SYNC goes (never the run just claimed).
      await c.query(
        `DELETE FROM sync_runs WHERE id IN (SELECT id FROM sync_runs WHERE sync_id = $1 ORDER BY seq DESC OFFSET $2)`,
        [run.syncId, MAX_RUNS_PER_SYNC],
      );
      return { started: true, run: structuredClone(run) };
    });
  }

  return {
    get: (runId) => one(`SELECT ${RUN} FROM sync_runs WHERE id = $1`, [runId]),
    listBySync: (syncId) => many(`SELECT ${RUN} FROM sync_runs WHERE sync_id = $1 ORDER BY seq DESC`, [syncId]),
    current: (syncId) => one(ACTIVE_OF_SYNC, [syncId]),
    listInFlight: () => many(`SELECT ${RUN} FROM sync_runs WHERE status IN ${ACTIVE_STATUSES_SQL} ORDER BY seq`, []),

    async claim(run) {
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        const result = await claimOnce(run);
        if (result) return result;
      }
      throw new AppError('internal', `Could not claim a run of sync ${run.syncId}: its runs kept changing`);
    },

    // One statement: the run's fields and, while the sync still has this run in flight, its position.
    // A run that has ended keeps its final record (a late save from a stopped worker changes nothing).
    async saveProgress(runId, patch, position) {
      const set = setList(R, patch, position ? 3 : 2);
      const run = set.text
        ? `UPDATE sync_runs SET ${set.text} WHERE id = $1 AND status IN ${ACTIVE_STATUSES_SQL} RETURNING sync_id`
        : `SELECT sync_id FROM sync_runs WHERE id = $1 AND status IN ${ACTIVE_STATUSES_SQL}`;
      if (!position) {
        if (set.text) await pool.query(run, [runId, ...set.values]);
        return;
      }
      await pool.query(
        `WITH r AS (${run})
         UPDATE sync_states s SET in_flight = $2::jsonb FROM r
         WHERE s.sync_id = r.sync_id AND s.in_flight->>'runId' = $1`,
        [runId, JSON.stringify({ runId, cursor: position.cursor, pageStartedAt: position.pageStartedAt }), ...set.values],
      );
    },

    finish: (runId, patch, change) =>
      inTransaction(pool, async (c) => {
        const set = setList(R, { ...patch, definition: undefined }, 2);
        const { rows } = await c.query(`UPDATE sync_runs SET ${set.text} WHERE id = $1 RETURNING sync_id`, [runId, ...set.values]);
        const syncId = rows[0]?.sync_id as string | undefined;
        if (!syncId) return;
        await changeState(c, syncId, (state) => {
          if (state.inFlight?.runId === runId) state.inFlight = null;
          change(state);
          state.retryContactIds = state.retryContactIds.slice(0, MAX_RETRY_IDS);
        });
      }),
  };
}
