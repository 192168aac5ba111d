import { createInProcessJobRunner } from '../../src/jobs/in-process-runner.js';
import type { JobRunner } from '../../src/jobs/job-runner.js';
import { jobRunnerContract } from './job-runner-contract.js';

jobRunnerContract('in-process (embedded default)', () => {
  let runner: JobRunner | null = null;
  return {
    worker(handlers) {
      runner = createInProcessJobRunner(() => {}, { eventRetryDelayMs: 100 });
      runner.bind(handlers);
      return runner;
    },
    web: () => runner!,
    cleanup: async () => undefined,
  };
});
