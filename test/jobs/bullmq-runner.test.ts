import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { createBullmqJobRunner, MAX_LOST_WORKERS } from '../../src/jobs/bullmq/bullmq-runner.js';
import type { JobHandlers, JobRunner } from '../../src/jobs/job-runner.js';
import { openRedis } from '../../src/shared/redis.js';
import { runRedisTests, TEST_REDIS_URL, testRedis } from '../helpers/redis.js';
import { jobRunnerContract } from './job-runner-contract.js';
import { recorder, sleep, until } from './recorder.js';

// BullMQ on the machine's Redis, each test under its own key prefix. A "process" here is a runner
// with its own connection; the crash tests use real child processes killed with SIGKILL.
const LOCK_MS = 1000;

function kit() {
  const base = testRedis('jobs');
  const runners: Array<ReturnType<typeof createBullmqJobRunner>> = [];
  const connections = [base.redis];
  const make = (role: 'web' | 'worker', handlers?: JobHandlers) => {
    const redis = openRedis(TEST_REDIS_URL);
    connections.push(redis);
    const runner = createBullmqJobRunner({ role, redis, prefix: base.prefix, lockMs: LOCK_MS, eventRetryDelayMs: 100 });
    if (handlers) runner.bind(handlers);
    runners.push(runner);
    return runner;
  };
  return {
    prefix: base.prefix,
    redis: base.redis,
    worker: (handlers: JobHandlers) => make('worker', handlers),
    web: () => make('web'),
    async cleanup() {
      await Promise.all(runners.map((r) => r.close()));
      for (const c of connections.slice(1)) c.disconnect();
      await base.cleanup();
    },
  };
}

describe.runIf(runRedisTests)('BullMQ job runner (Redis)', () => {
  jobRunnerContract('BullMQ (distributed)', kit);

  let k: ReturnType<typeof kit>;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await k?.cleanup();
  });

  const WORKER = fileURLToPath(new URL('./fixtures/bullmq-worker.ts', import.meta.url));
  async function childWorker(env: Record<string, string> = {}): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TEST_PREFIX: k.prefix, TEST_REDIS_URL, TEST_LOCK_MS: String(LOCK_MS), ...env },
    });
    children.push(child);
    await once(child.stdout!, 'data');
    return child;
  }
  const startedInChildren = () => k.redis.lrange(`${k.prefix}:test:started`, 0, -1);
  async function kill(child: ChildProcess): Promise<void> {
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }

  test('when two workers run, then the scheduler ticks once per interval, not once per worker', async () => {
    k = kit();
    const rec = recorder();
    const [a, b] = [k.worker(rec.handlers), k.worker(rec.handlers)];
    const t0 = Date.now();
    await Promise.all([a.start({ tickSeconds: 1 }), b.start({ tickSeconds: 1 })]);
    await sleep(3500);
    await Promise.all([a.stop(), b.stop()]);
    const seconds = (Date.now() - t0) / 1000;
    expect(rec.ticks.length).toBeGreaterThanOrEqual(3);
    expect(rec.ticks.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  });

  test('when a queued run is cancelled before a worker takes it, then it is dropped and never runs', async () => {
    k = kit();
    const rec = recorder();
    const web = k.web();
    await web.submitRun('run_q');
    expect(await web.cancelRun('run_q')).toBe(false);
    await k.worker(rec.handlers).start({ tickSeconds: 3600 });
    await sleep(500);
    expect(rec.started).toEqual([]);
  });

  test('when a worker stops mid-run, then the job is handed back and another worker resumes it', async () => {
    k = kit();
    const first = recorder();
    const second = recorder();
    const a = k.worker(first.handlers);
    await a.start({ tickSeconds: 3600 });
    await k.web().submitRun('run_h');
    await until('the first worker has the run', () => first.started.length === 1);
    const b = k.worker(second.handlers);
    await b.start({ tickSeconds: 3600 });
    await a.stop();
    expect(first.ended).toEqual([['run_h', 'shutdown']]);
    await until('the second worker resumed the run', () => second.started.length === 1, 3000);
    expect(second.started).toEqual(['run_h']);
  });

  test('when a worker is killed mid-run, then another worker resumes the run once its lock expires', async () => {
    k = kit();
    const child = await childWorker();
    await k.web().submitRun('run_k');
    await until('the child has the run', async () => (await startedInChildren()).length === 1);
    await kill(child);
    const rec = recorder();
    const t0 = Date.now();
    await k.worker(rec.handlers).start({ tickSeconds: 3600 });
    await until('another worker resumed the run', () => rec.started.length === 1, 4 * LOCK_MS + 2000);
    expect(rec.started).toEqual(['run_k']);
    expect(Date.now() - t0).toBeLessThan(3 * LOCK_MS + 1500);
  });

  test('when a worker stalls past its lock, then another worker takes the run and the first stops it as lost (not handed back, not finished)', async () => {
    k = kit();
    const child = await childWorker({ TEST_BLOCK_MS: String(4 * LOCK_MS) });
    await k.web().submitRun('run_s');
    await until('the child has the run', async () => (await startedInChildren()).length === 1);
    const rec = recorder();
    await k.worker(rec.handlers).start({ tickSeconds: 3600 });
    await until('another worker took the run over', () => rec.started.length === 1, 6 * LOCK_MS + 3000);
    await until('the stalled worker stopped it', async () => (await k.redis.lrange(`${k.prefix}:test:stopped`, 0, -1)).length === 1, 4 * LOCK_MS + 3000);
    expect(await k.redis.lrange(`${k.prefix}:test:stopped`, 0, -1)).toEqual(['run_s:lost']);
    expect(rec.ended).toEqual([]);
    await kill(child);
  });

  test('when a run is cancelled while its worker is dead, then the worker that takes it over ends it as cancelled', async () => {
    k = kit();
    const child = await childWorker();
    const web = k.web();
    await web.submitRun('run_x');
    await until('the child has the run', async () => (await startedInChildren()).length === 1);
    await kill(child);
    expect(await web.cancelRun('run_x')).toBe(true);
    const rec = recorder();
    await k.worker(rec.handlers).start({ tickSeconds: 3600 });
    await until('the run was taken over and ended', () => rec.ended.length === 1, 4 * LOCK_MS + 2000);
    expect(rec.ended).toEqual([['run_x', 'cancel']]);
  });

  test(`when a run's worker is lost ${MAX_LOST_WORKERS} times, then the run is abandoned with the reason instead of handed on`, async () => {
    k = kit();
    await k.web().submitRun('run_p');
    for (let lost = 1; lost <= MAX_LOST_WORKERS; lost += 1) {
      const child = await childWorker();
      await until(`worker ${lost} has the run`, async () => (await startedInChildren()).length === lost, 4 * LOCK_MS + 3000);
      await kill(child);
    }
    const rec = recorder();
    await k.worker(rec.handlers).start({ tickSeconds: 3600 });
    await until('the run was abandoned', () => rec.abandoned.length === 1, 4 * LOCK_MS + 2000);
    expect(rec.started).toEqual([]);
    expect(rec.abandoned[0]).toEqual(['run_p', expect.stringContaining(`stopped ${MAX_LOST_WORKERS} times`)]);
  }, 40_000);
});
