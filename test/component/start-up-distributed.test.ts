import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startChild, tsxArgs } from '../helpers/child-process.js';
import { testEnv } from '../helpers/env.js';
import { createTestDatabase, runPostgresTests, sql, type TestDatabase } from '../helpers/postgres.js';
import { testRedis } from '../helpers/redis.js';
import { startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';

// src/main.ts choosing its store from DATABASE_URL and REDIS_URL, as a child process.

const PASSWORD = 'pg-pass-never-printed';
const REDIS_URL = 'redis://127.0.0.1:6379';
const main = (env: Record<string, string | undefined>) => startChild(testEnv({ LOG_LEVEL: 'info', ...env }), tsxArgs('src/main.ts'));
const withPassword = (url: string) => Object.assign(new URL(url), { password: PASSWORD }).toString();
// Child processes compile through tsx: slow on a busy two-core machine, hence the long timeout.
const SLOW = { timeout: 120_000 };

describe('start-up mode selection', SLOW, () => {
  it('when DATABASE_URL is set without REDIS_URL, then start-up stops naming REDIS_URL, and the database password is never printed', async () => {
    const run = main({ DATABASE_URL: `postgres://app:${PASSWORD}@127.0.0.1:5432/rf`, REDIS_URL: undefined });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain('config_invalid');
    expect(run.stderr()).toContain('REDIS_URL (required because DATABASE_URL is set');
    expect(run.stderr() + run.stdout()).not.toContain(PASSWORD);
  });

  it('when the database does not answer, then start-up stops with store_unavailable naming the server, not the password', async () => {
    const run = main({ DATABASE_URL: `postgres://app:${PASSWORD}@127.0.0.1:9/rf`, REDIS_URL });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain('store_unavailable');
    expect(run.stderr()).toContain('127.0.0.1:9');
    expect(run.stderr() + run.stdout()).not.toContain(PASSWORD);
  });
});

describe.skipIf(!runPostgresTests)('start-up in the distributed mode', SLOW, () => {
  let db: TestDatabase;
  let sb: Sandboxes;
  beforeAll(async () => {
    [db, sb] = await Promise.all([createTestDatabase(), startSandboxes()]);
  });
  afterAll(async () => {
    await sb?.close();
    await db?.drop();
  });

  it('when DATABASE_MIGRATE_ON_START=false and the schema is behind, then start-up stops and says to run npm run migrate', async () => {
    const fresh = await createTestDatabase();
    try {
      const run = main({ DATABASE_URL: fresh.url, REDIS_URL, DATABASE_MIGRATE_ON_START: 'false' });
      expect(await run.exit).toBe(1);
      expect(run.stderr()).toContain('npm run migrate');
      expect(await sql(fresh.url, `SELECT 1 FROM pg_tables WHERE tablename = 'installations'`)).toEqual([]);
    } finally {
      await fresh.drop();
    }
  });

  it('when both are set, then it migrates, keeps its installation in PostgreSQL (token sealed), reports ready, and stops cleanly on SIGTERM', async () => {
    const redis = testRedis('start-up');
    onTestFinished(() => redis.cleanup());
    const run = main({
      DATABASE_URL: withPassword(db.url), REDIS_URL, REDIS_KEY_PREFIX: redis.prefix, PORT: '0', HOST: '127.0.0.1', INTERCOM_CLIENT_ID: undefined,
      INTERCOM_ACCESS_TOKEN: sb.intercom.accessToken, INTERCOM_API_BASE_URL: sb.intercom.url, RF_API_BASE_URL: sb.rf.baseUrl,
      ENCRYPTION_KEY: randomBytes(32).toString('hex'), DATA_FILE: '/nonexistent/never-used.json',
    });
    try {
      await expect.poll(() => run.stdout(), { timeout: 90_000 }).toContain('"msg":"listening"');
      const port = Number(/"port":(\d+)/.exec(run.stdout().split('\n').find((l) => l.includes('listening')) ?? '')?.[1]);
      expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toMatchObject({ ok: true, store: 'postgres' });
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true, store: { kind: 'postgres', ok: true } });

      const rows = await sql<{ workspace_id: string; mode: string; access_token: unknown }>(db.url, 'SELECT workspace_id, mode, access_token FROM installations');
      expect(rows).toEqual([{ workspace_id: sb.intercom.workspaceId, mode: 'private', access_token: expect.objectContaining({ v: 1 }) }]);
      expect(JSON.stringify(rows)).not.toContain(sb.intercom.accessToken);
      expect(run.stdout()).toContain('"store":"postgres"');
    } finally {
      run.kill();
    }
    expect(await run.exit).toBe(0);
    expect(run.stdout() + run.stderr()).not.toContain(PASSWORD);
    expect(run.stdout() + run.stderr()).not.toContain(sb.intercom.accessToken);
  });
});
