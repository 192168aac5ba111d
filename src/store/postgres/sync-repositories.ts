import type pg from 'pg';
import type { SyncDefinitionRepository, SyncRepositories, SyncStateRepository } from '../../sync/repositories.js';
import { emptyState } from '../../sync/sync-state.js';
import { inTransaction } from './pool.js';
import { postgresRunRepository } from './run-repository.js';
import { changeState, stateOf } from './state-change.js';
import { fromRow, selectList, upsertStatement } from './table.js';
import { ACTIVE_STATUSES_SQL, definitions as D, states as S } from './tables.js';

// Sync definitions and their scheduling state. Runs are in ./run-repository.ts.

export function postgresSyncRepositories(pool: pg.Pool): SyncRepositories {
  return {
    definitions: postgresDefinitionRepository(pool),
    states: postgresStateRepository(pool),
    runs: postgresRunRepository(pool),
  };
}

function postgresDefinitionRepository(pool: pg.Pool): SyncDefinitionRepository {
  const list = async (text: string, values: unknown[]) => (await pool.query(text, values)).rows.map((r) => fromRow(D, r));
  return {
    async get(id) {
      const { rows } = await pool.query(`SELECT ${selectList(D)} FROM sync_definitions WHERE id = $1`, [id]);
      return rows[0] ? fromRow(D, rows[0]) : null;
    },
    listByWorkspace: (workspaceId) =>
      list(`SELECT ${selectList(D)} FROM sync_definitions WHERE workspace_id = $1 ORDER BY created_at, id`, [workspaceId]),
    // Enabled ongoing syncs, never scheduled or due, with no run in flight (by their state, and by
    // the runs themselves: the same rule runs.claim is held to).
    listDue: (now) =>
      list(
        `SELECT ${selectList(D, 'd')} FROM sync_definitions d LEFT JOIN sync_states s ON s.sync_id = d.id
         WHERE d.enabled AND d.schedule->>'type' = 'ongoing'
           AND s.in_flight IS NULL AND (s.next_run_at IS NULL OR s.next_run_at <= $1)
           AND NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.sync_id = d.id AND r.status IN ${ACTIVE_STATUSES_SQL})
         ORDER BY d.created_at, d.id`,
        [now],
      ),
    async put(def) {
      await pool.query(upsertStatement(D, def));
    },
    // Runs go by the foreign key's cascade; the state in the same statement.
    async delete(id) {
      await pool.query('WITH gone AS (DELETE FROM sync_definitions WHERE id = $1 RETURNING id) DELETE FROM sync_states WHERE sync_id IN (SELECT id FROM gone)', [id]);
    },
    async deleteByWorkspace(workspaceId) {
      await pool.query(
        'WITH gone AS (DELETE FROM sync_definitions WHERE workspace_id = $1 RETURNING id) DELETE FROM sync_states WHERE sync_id IN (SELECT id FROM gone)',
        [workspaceId],
      );
    },
  };
}

function postgresStateRepository(pool: pg.Pool): SyncStateRepository {
  return {
    async get(syncId) {
      const { rows } = await pool.query(`SELECT ${selectList(S)} FROM sync_states WHERE sync_id = $1`, [syncId]);
      return rows[0] ? stateOf(rows[0]) : emptyState();
    },
    update: (syncId, change) => inTransaction(pool, (c) => changeState(c, syncId, change)),
  };
}
