import request from 'supertest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppDeps } from '../../src/app-deps.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { openPostgresRepositories, type PostgresRepositories } from '../../src/store/postgres/index.js';
import { capturedLogger, testApp } from '../helpers/app.js';
import { testEnv } from '../helpers/env.js';
import { createTestDatabase, randomName, runPostgresTests, type TestDatabase } from '../helpers/postgres.js';
import { definition } from '../store/repository-contract.js';

// /health answers while the process lives; /ready says whether this process can serve now.

describe('health and readiness on the embedded store', () => {
  it('when the process runs, then /health reports the store and queue kinds without touching them, and /ready is 200', async () => {
    const { app } = await testApp();
    const health = await request(app).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ ok: true, store: 'lowdb', queue: 'in-process' });
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.headers['cache-control']).toBe('no-store');
    expect(ready.body).toMatchObject({ ready: true, store: { kind: 'lowdb', ok: true }, queue: { kind: 'in-process', ok: true } });
  });

  it('when the queue does not answer, then /ready is 503 naming it, while /health stays 200', async () => {
    const { repos, config } = await testApp();
    const deps = buildAppDeps({ config, repos, queueProbe: { name: 'queue', kind: 'bullmq', check: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) } });
    const app = createApp(deps);
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false, store: { kind: 'lowdb', ok: true, ms: expect.any(Number) }, queue: { kind: 'bullmq', ok: false, error: 'unavailable' } });
    expect((await request(app).get('/health')).status).toBe(200);
  });
});

describe.skipIf(!runPostgresTests)('health and readiness on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  const appOver = (repos: PostgresRepositories, readyTimeoutMs?: number) => {
    const { logger, lines } = capturedLogger();
    const deps = buildAppDeps({ config: loadConfig(testEnv()), repos, logger });
    return { app: createApp(deps, readyTimeoutMs ? { readyTimeoutMs } : {}), lines };
  };

  it('when the database is there, then /ready is 200; when it goes away, then 503 "unavailable", logged once, never with a password', async () => {
    const own = await createTestDatabase();
    const url = new URL(own.url);
    url.password = 'pg-pass-never-shown'; // trust auth ignores it; it must not surface anywhere
    const repos = await openPostgresRepositories({ connectionString: url.toString(), max: 2 });
    const { app, lines } = appOver(repos);
    try {
      expect((await request(app).get('/health')).body).toEqual({ ok: true, store: 'postgres', queue: 'in-process' });
      const ok = await request(app).get('/ready');
      expect(ok.status).toBe(200);
      expect(ok.body.store).toMatchObject({ kind: 'postgres', ok: true });

      await own.drop(); // closes every connection to it, then it is gone
      const down = await request(app).get('/ready');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ready: false, store: { kind: 'postgres', ok: false, error: 'unavailable' } });
      await request(app).get('/ready');
      const warnings = lines.filter((l) => l.includes('not ready'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('"dependency":"store"');
      expect(lines.join('') + JSON.stringify(down.body)).not.toContain('pg-pass-never-shown');
      expect((await request(app).get('/health')).status).toBe(200);
    } finally {
      await repos.close();
    }
  });

  it('when the database is too slow to answer, then /ready is 503 "timeout" after the short wait, and 200 again once it answers', async () => {
    const schema = randomName('t');
    const repos = await openPostgresRepositories({ connectionString: db.url, schema, max: 1 });
    const { app, lines } = appOver(repos, 300);
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await repos.definitions.put(definition('slow'));
      await repos.states.update('slow', () => {});
      // Another session holds the state's row lock: an update waits on it, holding the pool's only connection.
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM ${schema}.sync_states WHERE sync_id = 'slow' FOR UPDATE`);
      const waiting = repos.states.update('slow', (s) => void (s.nextRunAt = 1));
      const started = Date.now();
      const slow = await request(app).get('/ready');
      expect(slow.status).toBe(503);
      expect(slow.body.store).toEqual({ kind: 'postgres', ok: false, error: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2_000);
      await blocker.query('COMMIT');
      await waiting;
      const back = await request(app).get('/ready');
      expect(back.status).toBe(200);
      expect(lines.some((l) => l.includes('ready again'))).toBe(true);
    } finally {
      await blocker.end();
      await repos.close();
    }
  });
});
