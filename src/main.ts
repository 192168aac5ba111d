import { once } from 'node:events';
import type { Server } from 'node:http';
import { buildAppDeps } from './app-deps.js';
import { loadConfig } from './config.js';
import { createApp } from './http/app.js';
import { connectReferralFactoryFromEnvironment, ensurePrivateInstallation } from './install/private-app.js';
import { openConfiguredLimits } from './integrations/open-limits.js';
import { openConfiguredJobs } from './jobs/open.js';
import { toAppError } from './shared/errors.js';
import { createLogger } from './shared/logger.js';
import { openConfiguredRepositories } from './store/open.js';

// The composition root: the only place that reads the environment and opens the store.
// DATABASE_URL + REDIS_URL: the distributed mode (PostgreSQL repositories); neither: the embedded
// default (lowdb data file, in-process jobs); one without the other: loadConfig refuses to start.

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  const repos = await openConfiguredRepositories(config, logger);
  // Distributed: this process only queues jobs (`npm run worker` runs them). Embedded: in-process jobs.
  const queue = await openConfiguredJobs(config, logger, 'web');
  // One RF budget per key (and Intercom window per workspace) across every process in the distributed mode.
  const limits = await openConfiguredLimits(config, logger);
  const deps = buildAppDeps({ config, repos, logger, jobs: queue.jobs, queueProbe: queue.queueProbe, limits, ...(queue.recentWrites ? { recentWrites: queue.recentWrites } : {}) });
  const publicUrl = new URL(config.publicBaseUrl);
  if (publicUrl.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname)) {
    // Intercom refuses http URLs in canvases (the setup and install buttons) and as OAuth redirects.
    logger.warn({ publicBaseUrl: config.publicBaseUrl }, 'PUBLIC_BASE_URL is not https: Intercom will refuse its links');
  }

  if (config.intercom.accessToken) {
    const inst = await ensurePrivateInstallation(config.intercom.accessToken, { auth: deps.intercomAuth, installations: deps.installations });
    logger.info({ workspaceId: inst.workspaceId, region: inst.region }, 'private app: installation ready');
    if (config.privateRfApiKey) await connectReferralFactoryFromEnvironment(inst.workspaceId, config.privateRfApiKey, { ...deps, logger });
  }

  const server: Server = createApp(deps).listen(config.port, config.host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, host: config.host, publicBaseUrl: config.publicBaseUrl }, 'listening');
  await deps.sync.start();

  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    // Running syncs pause at the next contact and resume from their checkpoint on the next start.
    void deps.sync.stop()
      .finally(() => new Promise((resolve) => server.close(resolve)))
      .finally(() => queue.close())
      .finally(() => limits.close())
      .finally(() => repos.close())
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const e = toAppError(err);
  // Messages of config_invalid, store_corrupt, store_unavailable and queue_unavailable name variables, paths and
  // servers, never secret values.
  console.error(`Start-up failed (${e.code}): ${e.message}`);
  process.exit(1);
});
