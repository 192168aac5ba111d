import { randomBytes } from 'node:crypto';
import pg from 'pg';

// The real PostgreSQL of the development and CI machines (127.0.0.1:5432, trust auth, database
// `test`; TEST_DATABASE_URL overrides). Each test file works in a database of its own, created
// with a random name and dropped after; nothing else on the server is touched.

export const ADMIN_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const inCi = process.env['CI'] === 'true' || process.env['CI'] === '1';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether the distributed tests run: always in CI (where a missing server fails them), elsewhere
 * only when the server answers.
 */
export const runPostgresTests = inCi || (await reachable());

if (!runPostgresTests) {
  console.log(
    `PostgreSQL tests skipped: nothing answers at ${new URL(ADMIN_URL).host}. Start it (` +
      '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or `bash .ci/run` which installs and starts it) ' +
      'or point TEST_DATABASE_URL at a server; with CI=true these tests run and fail instead.',
  );
}

export const randomName = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  /** Connection string of the new database. */
  url: string;
  /** Drops the database (closing what is still connected to it). */
  drop(): Promise<void>;
}

/** Databases of test runs that died before their clean-up: older than this and unused, they go. */
const ABANDONED_AFTER_S = 2 * 3600;

/** A new, empty database with a random name (`rf_test_<unix seconds>_<random>`). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const now = Math.floor(Date.now() / 1000);
  const name = `rf_test_${now}_${randomBytes(4).toString('hex')}`;
  await admin(async (c) => {
    await c.query(`CREATE DATABASE ${name}`);
    // Best effort: only our own naming scheme, only hours old, only with nobody connected.
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database d WHERE datname ~ '^rf_test_[0-9]{10}_[0-9a-f]{8}$'
         AND substring(datname from 9 for 10)::bigint < $1
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
      [now - ABANDONED_AFTER_S],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => {});
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

/** One query on its own connection (to look at or disturb what the app stored). */
export async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
