import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppDeps } from '../../src/app-deps.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { openConfiguredJobs, type ConfiguredJobs } from '../../src/jobs/open.js';
import { openConfiguredRepositories } from '../../src/store/open.js';
import type { Repositories } from '../../src/store/repositories.js';
import { capturedLogger } from '../helpers/app.js';
import { testEnv } from '../helpers/env.js';
import { createTestDatabase, runPostgresTests, type TestDatabase } from '../helpers/postgres.js';
import { deleteKeys, runRedisTests, TEST_REDIS_URL, testPrefix } from '../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { openRedis } from '../../src/shared/redis.js';

// /ready of a web process in the distributed mode, opened as src/main.ts opens it, while the real
// PostgreSQL or Redis goes away for this process (a relay in front of each, cut and restored).

describe.runIf(runPostgresTests && runRedisTests)('readiness when PostgreSQL or Redis goes down', () => {
  let db: TestDatabase;
  let pgRelay: TcpProxy;
  let redisRelay: TcpProxy;
  let repos: Repositories;
  let jobs: ConfiguredJobs;
  const prefix = testPrefix('ready');
  const { logger, lines } = capturedLogger();
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const pgUrl = new URL(db.url);
    const redisUrl = new URL(TEST_REDIS_URL);
    [pgRelay, redisRelay] = await Promise.all([
      startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) }),
      startTcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) }),
    ]);
    pgUrl.host = `127.0.0.1:${pgRelay.port}`;
    redisUrl.host = `127.0.0.1:${redisRelay.port}`;
    const config = loadConfig(testEnv({ DATABASE_URL: pgUrl.toString(), REDIS_URL: redisUrl.toString(), REDIS_KEY_PREFIX: prefix }));
    repos = await openConfiguredRepositories(config, logger, 'web');
    jobs = await openConfiguredJobs(config, logger, 'web');
    app = createApp(buildAppDeps({ config, repos, logger, ...(jobs.jobs ? { jobs: jobs.jobs } : {}), ...(jobs.queueProbe ? { queueProbe: jobs.queueProbe } : {}) }));
  }, 60_000);

  afterAll(async () => {
    redisRelay?.restore();
    pgRelay?.restore();
    await jobs?.close();
    await repos?.close();
    await Promise.all([pgRelay?.close(), redisRelay?.close()]);
    const redis = openRedis(TEST_REDIS_URL);
    await deleteKeys(redis, prefix);
    redis.disconnect();
    await db?.drop();
  });

  const ready = () => request(app).get('/ready');
  const readyAgain = async () => {
    const until = Date.now() + 20_000;
    for (;;) {
      const res = await ready();
      if (res.status === 200 || Date.now() > until) return res;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('when both answer, then /ready is 200 naming PostgreSQL and BullMQ', async () => {
    const res = await ready();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ready: true, store: { kind: 'postgres', ok: true }, queue: { kind: 'bullmq', ok: true } });
  });

  it('when Redis goes away, then /ready is 503 at once naming the queue (the store still ready) and /health stays 200; when it is back, 200', async () => {
    redisRelay.cut();
    const started = Date.now();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ready: false, store: { kind: 'postgres', ok: true }, queue: { kind: 'bullmq', ok: false, error: 'unavailable' } });
    // Said from the connection's state, not after waiting out the probe's 2 s bound.
    expect(Date.now() - started).toBeLessThan(1_500);
    expect((await request(app).get('/health')).status).toBe(200);
    redisRelay.restore();
    const back = await readyAgain();
    expect(back.status).toBe(200);
    expect(lines.some((l) => l.includes('not ready') && l.includes('"dependency":"queue"'))).toBe(true);
  }, 30_000);

  it('when PostgreSQL goes away, then /ready is 503 naming the store (the queue still ready); when it is back, 200', async () => {
    pgRelay.cut();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ready: false, store: { kind: 'postgres', ok: false }, queue: { kind: 'bullmq', ok: true } });
    expect((await request(app).get('/health')).status).toBe(200);
    pgRelay.restore();
    const back = await readyAgain();
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ ready: true, store: { ok: true }, queue: { ok: true } });
  }, 30_000);
});
