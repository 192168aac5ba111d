import { afterEach, describe, expect, test } from 'vitest';
import type { JobRunner } from '../../src/jobs/job-runner.js';
import { recorder, sleep, until } from './recorder.js';

/**
 * One process's view of a job runner: `worker` executes jobs, `web` queues them (the same runner
 * in the embedded mode, a second process's runner in the distributed one).
 */
export interface RunnerKit {
  worker(handlers: ReturnType<typeof recorder>['handlers']): JobRunner;
  web(): JobRunner;
  cleanup(): Promise<void>;
}

/** The behaviour every job runner has, run against each adapter. */
export function jobRunnerContract(name: string, makeKit: () => RunnerKit): void {
  describe(`job runner contract: ${name}`, () => {
    let kit: RunnerKit;
    let started: JobRunner[] = [];
    const boot = async (handlers: ReturnType<typeof recorder>['handlers'], tickSeconds = 3600) => {
      kit = makeKit();
      const worker = kit.worker(handlers);
      await worker.start({ tickSeconds });
      started.push(worker);
      return { worker, web: kit.web() };
    };
    afterEach(async () => {
      await Promise.all(started.map((r) => r.stop()));
      started = [];
      await kit.cleanup();
    });

    test('when a run is submitted twice, then it runs once and the second submit answers false', async () => {
      const rec = recorder();
      const { web } = await boot(rec.handlers);
      expect(await web.submitRun('run_a')).toBe(true);
      expect(await web.submitRun('run_a')).toBe(false);
      await until('the run started', () => rec.started.length === 1);
      expect(await web.submitRun('run_a')).toBe(false);
      rec.release('run_a');
      await until('the run ended', () => rec.ended.length === 1);
      await sleep(100);
      expect(rec.started).toEqual(['run_a']);
      expect(rec.ended).toEqual([['run_a', null]]);
    });

    test('when a running run is cancelled, then its job sees cancel and cancelRun answers true', async () => {
      const rec = recorder();
      const { web } = await boot(rec.handlers);
      await web.submitRun('run_b');
      await until('the run started', () => rec.started.length === 1);
      expect(await web.cancelRun('run_b')).toBe(true);
      await until('the run ended', () => rec.ended.length === 1);
      expect(rec.ended).toEqual([['run_b', 'cancel']]);
    });

    test('when a run no job holds is cancelled, then cancelRun answers false', async () => {
      const rec = recorder();
      const { web } = await boot(rec.handlers);
      expect(await web.cancelRun('run_nobody')).toBe(false);
    });

    test('when the runner stops, then the running job sees shutdown and stop waits for it to return', async () => {
      const rec = recorder();
      const { worker, web } = await boot(rec.handlers);
      await web.submitRun('run_c');
      await until('the run started', () => rec.started.length === 1);
      await worker.stop();
      expect(rec.ended).toEqual([['run_c', 'shutdown']]);
    });

    test('when an event is submitted again while its job is queued or running, then it is processed once', async () => {
      const rec = recorder();
      const { web } = await boot(rec.handlers);
      expect(await web.submitEvent('evt_a')).toBe(true);
      expect(await web.submitEvent('evt_a')).toBe(false);
      await until('the event processed', () => rec.eventAttempts.length === 1);
      await sleep(200);
      expect(rec.eventAttempts).toEqual(['evt_a#1']);
    });

    test('when an event fails, then it is tried again after growing pauses, and the last attempt is marked last', async () => {
      const rec = recorder();
      const { web } = await boot(rec.handlers);
      rec.failEvent('evt_b', 2);
      rec.failEvent('evt_c', 99);
      const t0 = Date.now();
      await web.submitEvent('evt_b');
      await until('a third attempt', () => rec.eventAttempts.includes('evt_b#3'), 15_000);
      // Pauses of 100 ms and then 200 ms (the kit's first delay is 100 ms).
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
      await web.submitEvent('evt_c');
      await until('the last attempt', () => rec.eventAttempts.includes('evt_c#5!'), 20_000);
      expect(rec.eventAttempts.filter((a) => a.startsWith('evt_c'))).toEqual(['evt_c#1', 'evt_c#2', 'evt_c#3', 'evt_c#4', 'evt_c#5!']);
    });

    test('when started, then the scheduler ticks at once and again every interval', async () => {
      const rec = recorder();
      await boot(rec.handlers, 1);
      await until('a first tick', () => rec.ticks.length >= 1, 3000);
      await until('a second tick', () => rec.ticks.length >= 2, 3000);
    });
  });
}
