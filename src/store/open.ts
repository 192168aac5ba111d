import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Config } from '../config.js';
import type { AppLogger } from '../shared/logger.js';
import { openLowdbRepositories } from './lowdb/index.js';
import type { Repositories } from './repositories.js';

/**
 * The store the configuration selects, for the composition roots (src/main.ts, the CLI):
 * PostgreSQL in the distributed mode (migrated first, or checked when DATABASE_MIGRATE_ON_START=false),
 * else the embedded data file. Either failure stops start-up with a coded error
 * (store_unavailable, store_corrupt) that names the server or the file, never a password.
 */
export async function openConfiguredRepositories(config: Config, logger: AppLogger, role = 'web'): Promise<Repositories> {
  if (config.distributed) {
    const { databaseUrl, databasePoolMax, migrateOnStart } = config.distributed;
    // Loaded only in the distributed mode: the embedded default never loads pg.
    const { openPostgresRepositories } = await import('./postgres/index.js');
    const repos = await openPostgresRepositories({
      connectionString: databaseUrl.reveal(),
      max: databasePoolMax,
      applicationName: `referral-factory-intercom:${role}`,
      migrations: migrateOnStart ? 'apply' : 'check',
      log: (line) => logger.debug({ line }, 'migrations'),
      onIdleError: (err) => logger.warn({ err: err.message }, 'an idle PostgreSQL connection failed (the pool opens a new one)'),
    });
    logger.info({ store: 'postgres', database: databaseUrl.describe(), poolMax: databasePoolMax }, 'store ready');
    return repos;
  }
  await mkdir(dirname(config.dataFile), { recursive: true });
  // A corrupt file stops start-up (store_corrupt): it is never reset behind the operator's back.
  // Another process on the same file (a second app, the CLI) stops it too (store_locked).
  const repos = await openLowdbRepositories(config.dataFile, {
    role: role === 'cli' ? 'cli' : 'app',
    onLockLost: (err) => {
      // Another process took the file over (this one was frozen past the lock's staleness): stop before anything else is written.
      logger.fatal({ dataFile: config.dataFile, reason: err.message }, 'lost the lock on the data file: stopping');
      process.exit(1);
    },
  });
  if (repos.opened.unknownKeys.length > 0) {
    logger.warn({ dataFile: config.dataFile, keys: repos.opened.unknownKeys }, 'the data file has top-level keys this version does not know: kept as they are');
  }
  if (repos.opened.narrowedMode) logger.info({ dataFile: config.dataFile }, 'the data file was readable by others: narrowed to mode 0600');
  logger.info({ store: 'lowdb', dataFile: config.dataFile }, 'store ready');
  return repos;
}
