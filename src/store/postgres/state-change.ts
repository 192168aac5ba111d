import type { SyncState } from '../../sync/sync-state.js';
import type { Queryable } from './pool.js';
import { fromRow, selectList, updateStatement } from './table.js';
import { states as S } from './tables.js';

export const stateOf = (row: Record<string, unknown>): SyncState => {
  const { syncId: _id, ...state } = fromRow(S, row);
  return state;
};

/**
 * Reads the sync's state for update (a row lock held until the transaction ends), creating the
 * empty state first if there is none, applies `change`, and writes it back.
 */
export async function changeState(c: Queryable, syncId: string, change: (state: SyncState) => void): Promise<SyncState> {
  await c.query('INSERT INTO sync_states (sync_id) VALUES ($1) ON CONFLICT (sync_id) DO NOTHING', [syncId]);
  const { rows } = await c.query(`SELECT ${selectList(S)} FROM sync_states WHERE sync_id = $1 FOR UPDATE`, [syncId]);
  const state = stateOf(rows[0] as Record<string, unknown>);
  change(state);
  await c.query(updateStatement(S, { ...state, syncId }));
  return state;
}

