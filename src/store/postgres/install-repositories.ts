import type pg from 'pg';
import type { InstallRepositories } from '../../install/repositories.js';
import { AppError } from '../../shared/errors.js';
import { postgresActivityRepository } from './activity-repository.js';
import { inTransaction } from './pool.js';
import { fromRow, selectList, updateStatement, upsertStatement } from './table.js';
import { installations as T } from './tables.js';

// Installations and spent single-use tokens. Secrets arrive sealed by the install layer and are
// stored as they come (JSONB of the ciphertext): this adapter never sees a key.

/** Advisory lock class for "one upsert of this workspace at a time" (the second key is the workspace's hash). */
const UPSERT_LOCK = 0x52_46_49_01;

export function postgresInstallRepositories(pool: pg.Pool): InstallRepositories {
  const select = `SELECT ${selectList(T)} FROM installations WHERE workspace_id = $1`;

  return {
    activity: postgresActivityRepository(pool),
    installations: {
      async get(workspaceId) {
        const { rows } = await pool.query(select, [workspaceId]);
        return rows[0] ? fromRow(T, rows[0]) : null;
      },

      upsert: (workspaceId, make) =>
        inTransaction(pool, async (c) => {
          // Two first installs of one workspace at once: the second waits and sees the first as `prev`.
          await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [UPSERT_LOCK, workspaceId]);
          const { rows } = await c.query(`${select} FOR UPDATE`, [workspaceId]);
          const next = make(rows[0] ? fromRow(T, rows[0]) : null);
          if (next.workspaceId !== workspaceId) throw new AppError('internal', 'An installation was stored under another workspace id');
          await c.query(upsertStatement(T, next));
          return structuredClone(next);
        }),

      update: (workspaceId, change) =>
        inTransaction(pool, async (c) => {
          const { rows } = await c.query(`${select} FOR UPDATE`, [workspaceId]);
          if (!rows[0]) return null;
          const inst = fromRow(T, rows[0]);
          change(inst);
          if (inst.workspaceId !== workspaceId) throw new AppError('internal', 'An installation update changed its workspace id');
          await c.query(updateStatement(T, inst));
          return structuredClone(inst);
        }),

      async delete(workspaceId) {
        await pool.query('DELETE FROM installations WHERE workspace_id = $1', [workspaceId]);
      },
    },

    usedTokens: {
      async isUsed(jti) {
        const { rowCount } = await pool.query('SELECT 1 FROM used_tokens WHERE jti = $1', [jti]);
        return (rowCount ?? 0) > 0;
      },
      async markUsed(jti, expiresAt, now) {
        // One statement decides: a new id is inserted; an id still live is a replay (no row back);
        // an expired leftover is taken over as if it had been pruned first.
        const { rowCount } = await pool.query(
          `INSERT INTO used_tokens (jti, expires_at) VALUES ($1, $2)
           ON CONFLICT (jti) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE used_tokens.expires_at < $3
           RETURNING jti`,
          [jti, expiresAt, now],
        );
        await pool.query('DELETE FROM used_tokens WHERE expires_at < $1', [now]);
        return (rowCount ?? 0) > 0;
      },
    },
  };
}
