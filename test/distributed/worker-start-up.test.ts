import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../helpers/env.js';
import { createTestDatabase, runPostgresTests, type TestDatabase } from '../helpers/postgres.js';
import { deleteKeys, runRedisTests, TEST_REDIS_URL, testRedis } from '../helpers/redis.js';
import { buildApp, startProcess, waitFor, type Build } from './app-processes.js';

// `npm run worker` and `npm start` in the distributed mode, compiled, as child processes.

let build: Build;
beforeAll(() => void (build = buildApp()));
afterAll(async () => build?.remove());

describe('npm run worker: start-up', () => {
  it('when the distributed mode is not configured, then the worker exits naming DATABASE_URL and REDIS_URL', async () => {
    const worker = startProcess(build, 'worker', testEnv({ DATABASE_URL: undefined, REDIS_URL: undefined }));
    expect(await worker.exit).toBe(1);
    expect(worker.output()).toContain('config_invalid');
    expect(worker.output()).toMatch(/DATABASE_URL and REDIS_URL/);
  });

  describe.runIf(runPostgresTests && runRedisTests)('with PostgreSQL and Redis', () => {
    let db: TestDatabase;
    beforeAll(async () => void (db = await createTestDatabase()));
    afterAll(async () => db?.drop());

    it('when Redis does not answer, then start-up stops with queue_unavailable naming the server, never its password', async () => {
      const password = 'pw-never-printed-9f3';
      const worker = startProcess(build, 'worker', testEnv({ DATABASE_URL: db.url, REDIS_URL: `redis://:${password}@127.0.0.1:1/0` }));
      expect(await worker.exit).toBe(1);
      expect(worker.output()).toContain('queue_unavailable');
      expect(worker.output()).toContain('127.0.0.1:1');
      expect(worker.output()).not.toContain(password);
    });

    it('when web and worker start on PostgreSQL and Redis, then /health and /ready report both, and SIGTERM stops each cleanly', async () => {
      const { redis, prefix, cleanup } = testRedis('startup');
      try {
        const env = testEnv({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
        const web = startProcess(build, 'web', env);
        const worker = startProcess(build, 'worker', env);
        const port = await waitFor('the web process to listen', () => web.port(), 60_000, () => (web.child.exitCode === null ? null : web.output()));
        await waitFor('the worker to start', () => worker.logs().some((l) => l['msg'] === 'worker started'), 60_000, () => (worker.child.exitCode === null ? null : worker.output()));
        expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toEqual({ ok: true, store: 'postgres', queue: 'bullmq' });
        const ready = await fetch(`http://127.0.0.1:${port}/ready`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toMatchObject({ ready: true, store: { kind: 'postgres', ok: true }, queue: { kind: 'bullmq', ok: true } });
        // The worker registered the deployment's one scheduler tick under its prefix.
        expect(await redis.keys(`${prefix}:jobs:jobs:repeat*`)).not.toEqual([]);
        web.child.kill('SIGTERM');
        worker.child.kill('SIGTERM');
        expect(await web.exit).toBe(0);
        expect(await worker.exit).toBe(0);
        expect(worker.logs().map((l) => l['msg'])).toContain('worker stopped');
      } finally {
        await cleanup();
      }
    }, 120_000);
  });
});
