import pg from 'pg';
import { AppError } from '../../shared/errors.js';

// One pool per process. pg's defaults are kept except where a web or worker process needs
// otherwise (links: https://node-postgres.com/apis/pool, https://node-postgres.com/features/types).

export interface PoolOptions {
  /** postgres://…; its password is never logged (see ConnectionUrl). */
  connectionString: string;
  /** A schema to work in (created by the migrations); the URL's default search_path otherwise. */
  schema?: string;
  max?: number;
  /** Reported to the server (pg_stat_activity.application_name). */
  applicationName?: string;
  /** Called with an idle connection's error (a server restart): logged, never thrown. */
  onIdleError?: (err: Error) => void;
}

const INT8_OID = 20;

/** bigint columns hold times in ms: numbers, refused if they ever pass 2^53. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new AppError('store_corrupt', 'A stored integer is beyond the safe range of a JavaScript number');
  return n;
}

/** Per-pool type parsers: never pg's global `types`, which other code in the process may share. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new AppError('config_invalid', 'A PostgreSQL schema name must be lower-case letters, digits and underscores');
  return schema;
}

export function clientConfig(o: PoolOptions): pg.ClientConfig {
  return {
    connectionString: o.connectionString,
    application_name: o.applicationName ?? 'referral-factory-intercom',
    types,
    // A server that does not answer fails the caller instead of hanging it.
    connectionTimeoutMillis: 5_000,
    // A runaway statement is cut off; the longest ones here (a history prune) take milliseconds.
    statement_timeout: 30_000,
    // A transaction left open by a crashed caller releases its row locks.
    idle_in_transaction_session_timeout: 60_000,
    ...(o.schema ? { options: `-c search_path=${assertSchemaName(o.schema)}` } : {}),
  };
}

export function createPool(o: PoolOptions): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(o), max: o.max ?? 10, idleTimeoutMillis: 30_000 });
  // Without a listener, an idle connection's error (the server restarting) would crash the process.
  pool.on('error', (err) => o.onIdleError?.(err));
  return pool;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

/**
 * Runs `work` in one transaction on one connection: committed when it returns, rolled back when it
 * throws. A deadlock or serialization failure retries the whole of `work` (its callbacks must be
 * repeatable: they re-read what they change).
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => void (broken = true));
      if (attempt < 3 && RETRYABLE.has(pgCode(err) ?? '')) continue;
      throw err;
    } finally {
      client.release(broken);
    }
  }
}

/** The SQLSTATE of a server error, if it is one. */
export const pgCode = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
