import type pg from 'pg';
import { z } from 'zod';
import { ActivityEntrySchema, MAX_ACTIVITY_PER_WORKSPACE, type ActivityRepository } from '../../install/activity.js';
import { AppError } from '../../shared/errors.js';
import { inTransaction } from './pool.js';

// The activity list (migration 0003): one row per entry; `seq` is the order they were added in
// (newest first, as the embedded store keeps them); each append trims the workspace to its newest
// MAX_ACTIVITY_PER_WORKSPACE.

const Row = z.object({ at: z.number().int(), kind: z.string(), by_admin: z.string().nullable(), subject: z.string().nullable() });

function fromRow(row: unknown) {
  const r = Row.safeParse(row);
  const entry = r.success
    ? ActivityEntrySchema.safeParse({ at: r.data.at, kind: r.data.kind, by: r.data.by_admin, ...(r.data.subject === null ? {} : { subject: r.data.subject }) })
    : undefined;
  if (!entry?.success) throw new AppError('store_corrupt', 'A stored activity entry does not match the expected shape');
  return entry.data;
}

export function postgresActivityRepository(pool: pg.Pool): ActivityRepository {
  return {
    append: (workspaceId, entry) =>
      inTransaction(pool, async (c) => {
        const e = ActivityEntrySchema.parse(entry);
        await c.query('INSERT INTO activity (workspace_id, at, kind, by_admin, subject) VALUES ($1, $2, $3, $4, $5)', [workspaceId, e.at, e.kind, e.by, e.subject ?? null]);
        await c.query(
          `DELETE FROM activity WHERE workspace_id = $1 AND seq NOT IN (
             SELECT seq FROM activity WHERE workspace_id = $1 ORDER BY seq DESC LIMIT $2)`,
          [workspaceId, MAX_ACTIVITY_PER_WORKSPACE],
        );
      }),
    async listRecent(workspaceId, limit) {
      const { rows } = await pool.query('SELECT at, kind, by_admin, subject FROM activity WHERE workspace_id = $1 ORDER BY seq DESC LIMIT $2', [workspaceId, limit]);
      return rows.map(fromRow);
    },
    async deleteByWorkspace(workspaceId) {
      await pool.query('DELETE FROM activity WHERE workspace_id = $1', [workspaceId]);
    },
  };
}
