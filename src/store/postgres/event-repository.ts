import type pg from 'pg';
import {
  DEFAULT_EVENT_LIMITS, finishedRecord, IncomingEventSchema, isFinished, newRecord,
  type EventLimits, type IncomingEvent, type IncomingEventRepository,
} from '../../events/incoming-event.js';
import { AppError } from '../../shared/errors.js';
import { inTransaction, type Queryable } from './pool.js';

// Incoming events (migration 0005): one row per event, bounded as the embedded store bounds them
// (EventLimits). `claim` is one conditional UPDATE: one taker.

const COLUMNS = `id, source, external_id, workspace_id, topic, subject_id, subject_version::float8 AS subject_version, detail,
  occurred_at::float8 AS occurred_at, received_at::float8 AS received_at, status, attempts, lease_until::float8 AS lease_until,
  outcome, last_error, finished_at::float8 AS finished_at`;
const UNFINISHED = `('pending', 'processing')`;

function fromRow(r: Record<string, unknown>): IncomingEvent {
  const parsed = IncomingEventSchema.safeParse({
    id: r.id, source: r.source, externalId: r.external_id, workspaceId: r.workspace_id, topic: r.topic,
    subjectId: r.subject_id, subjectVersion: r.subject_version, detail: r.detail, occurredAt: r.occurred_at, receivedAt: r.received_at,
    status: r.status, attempts: r.attempts, leaseUntil: r.lease_until, finishedAt: r.finished_at,
    ...(r.outcome === null ? {} : { outcome: r.outcome }), ...(r.last_error === null ? {} : { lastError: r.last_error }),
  });
  if (!parsed.success) throw new AppError('store_corrupt', 'A stored incoming event does not match the expected shape');
  return parsed.data;
}

async function insert(c: Queryable, e: IncomingEvent): Promise<number> {
  const { rowCount } = await c.query(
    `INSERT INTO incoming_events (id, source, external_id, workspace_id, topic, subject_id, subject_version, detail, occurred_at, received_at,
       status, attempts, lease_until, outcome, last_error, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (id) DO NOTHING`,
    [e.id, e.source, e.externalId, e.workspaceId, e.topic, e.subjectId, e.subjectVersion, JSON.stringify(e.detail), e.occurredAt, e.receivedAt,
      e.status, e.attempts, e.leaseUntil, e.outcome ?? null, e.lastError ?? null, e.finishedAt],
  );
  return rowCount ?? 0;
}

async function update(c: Queryable, e: IncomingEvent): Promise<void> {
  await c.query(
    'UPDATE incoming_events SET status = $2, attempts = $3, lease_until = $4, outcome = $5, last_error = $6, finished_at = $7 WHERE id = $1',
    [e.id, e.status, e.attempts, e.leaseUntil, e.outcome ?? null, e.lastError ?? null, e.finishedAt],
  );
}

const NEWER = `SELECT 1 FROM incoming_events WHERE source = $1 AND workspace_id = $2 AND subject_id = $3 AND subject_version > $4 LIMIT 1`;

export function postgresEventRepository(pool: pg.Pool, limits: EventLimits = DEFAULT_EVENT_LIMITS): IncomingEventRepository {
  const one = async (c: Queryable, id: string, lock = '') => {
    const { rows } = await c.query(`SELECT ${COLUMNS} FROM incoming_events WHERE id = $1 ${lock}`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  };
  return {
    record: (input, now) =>
      inTransaction(pool, async (c) => {
        const fresh = newRecord(input, now, false);
        const existing = await one(c, fresh.id);
        if (existing) return { kind: 'duplicate' as const, event: existing };
        await c.query(`DELETE FROM incoming_events WHERE finished_at IS NOT NULL AND finished_at < $1`, [now - limits.finishedRetentionMs]);
        const counts = await c.query(
          `SELECT count(*) FILTER (WHERE finished_at IS NOT NULL)::int AS finished, count(*) FILTER (WHERE status IN ${UNFINISHED})::int AS waiting
           FROM incoming_events WHERE workspace_id = $1`,
          [input.workspaceId],
        );
        const { finished, waiting } = counts.rows[0] as { finished: number; waiting: number };
        if (waiting >= limits.maxPendingPerWorkspace) return { kind: 'full' as const };
        const stale = input.subjectId !== null && input.subjectVersion !== null &&
          (await c.query(NEWER, [input.source, input.workspaceId, input.subjectId, input.subjectVersion])).rowCount! > 0;
        const event = newRecord(input, now, stale);
        // A redelivery racing this one: the first insert wins, the other reads it as a duplicate.
        if ((await insert(c, event)) === 0) return { kind: 'duplicate' as const, event: (await one(c, event.id))! };
        if (finished + (stale ? 1 : 0) > limits.maxFinishedPerWorkspace) {
          await c.query(
            `DELETE FROM incoming_events WHERE workspace_id = $1 AND finished_at IS NOT NULL AND id NOT IN (
               SELECT id FROM incoming_events WHERE workspace_id = $1 AND finished_at IS NOT NULL ORDER BY received_at DESC, id LIMIT $2)`,
            [input.workspaceId, limits.maxFinishedPerWorkspace],
          );
        }
        return { kind: stale ? ('stale' as const) : event.status === 'pending' ? ('stored' as const) : ('settled' as const), event };
      }),
    get: (id) => one(pool, id),
    async claim(id, now, leaseMs) {
      const { rows } = await pool.query(
        `UPDATE incoming_events SET status = 'processing', attempts = attempts + 1, lease_until = $2::bigint + $3::bigint
         WHERE id = $1 AND (status = 'pending' OR (status = 'processing' AND (lease_until IS NULL OR lease_until <= $2)))
         RETURNING ${COLUMNS}`,
        [id, now, leaseMs],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },
    finish: (id, result, now) =>
      inTransaction(pool, async (c) => {
        const e = await one(c, id, 'FOR UPDATE');
        if (e && !isFinished(e)) await update(c, finishedRecord(e, result, now));
      }),
    async hasNewer(e) {
      if (e.subjectId === null || e.subjectVersion === null) return false;
      return ((await pool.query(NEWER, [e.source, e.workspaceId, e.subjectId, e.subjectVersion])).rowCount ?? 0) > 0;
    },
    async listUnfinished(limit) {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM incoming_events WHERE status IN ${UNFINISHED} ORDER BY received_at, id LIMIT $1`, [limit]);
      return rows.map(fromRow);
    },
    async listRecent(workspaceId, limit) {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM incoming_events WHERE workspace_id = $1 ORDER BY received_at DESC, id LIMIT $2`, [workspaceId, limit]);
      return rows.map(fromRow);
    },
    async deleteByWorkspace(workspaceId) {
      await pool.query('DELETE FROM incoming_events WHERE workspace_id = $1', [workspaceId]);
    },
  };
}
