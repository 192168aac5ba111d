import { buildAppDeps } from './app-deps.js';
import { loadConfig } from './config.js';
import { openConfiguredLimits } from './integrations/open-limits.js';
import { openConfiguredJobs } from './jobs/open.js';
import { AppError, toAppError } from './shared/errors.js';
import { createLogger } from './shared/logger.js';
import { openConfiguredRepositories } from './store/open.js';

// The second composition root (`npm run worker`): runs the distributed mode's jobs (sync runs, the
// scheduler tick) from the queue; serves no HTTP. Any number of workers beside any number of web
// processes (`npm start`), all with the same environment.

/** SIGTERM lets running runs finish the page in hand; past this, the process exits anyway (their jobs come back through the stalled check). */
const STOP_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.distributed) {
    throw new AppError('config_invalid', 'npm run worker runs the jobs of the distributed mode: set DATABASE_URL and REDIS_URL (the embedded default runs its jobs inside npm start)');
  }
  const logger = createLogger({ level: config.logLevel }).child({ role: 'worker' });
  const repos = await openConfiguredRepositories(config, logger, 'worker');
  const queue = await openConfiguredJobs(config, logger, 'worker');
  // One RF budget per key (and Intercom window per workspace) across every process in the distributed mode.
  const limits = await openConfiguredLimits(config, logger);
  const deps = buildAppDeps({ config, repos, logger, jobs: queue.jobs, queueProbe: queue.queueProbe, limits, ...(queue.recentWrites ? { recentWrites: queue.recentWrites } : {}) });
  // Queues the runs left in flight (a no-op for those already queued), registers the one scheduler tick, takes jobs.
  await deps.sync.start();
  logger.info({ pid: process.pid }, 'worker started');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // A second signal: leave now; the runs in hand come back to the queue once their lock expires.
      logger.warn({ signal }, 'stopping at once');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: runs finish the page in hand, save their position and go back to the queue');
    void deps.sync.stop()
      .finally(() => queue.close())
      .finally(() => limits.close())
      .finally(() => repos.close())
      .finally(() => {
        logger.info({}, 'worker stopped');
        process.exit(0);
      });
    setTimeout(() => {
      logger.warn({ timeoutMs: STOP_TIMEOUT_MS }, 'stop timed out: leaving; the runs in hand come back through the stalled check');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const e = toAppError(err);
  // Messages name variables and servers, never secret values.
  console.error(`Worker start-up failed (${e.code}): ${e.message}`);
  process.exit(1);
});
