import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { AppError } from '../../shared/errors.js';
import { clientConfig, type PoolOptions } from './pool.js';

// Versioned migrations: numbered SQL files in ./migrations, applied by node-pg-migrate
// (https://salsita.github.io/node-pg-migrate/) in one transaction, recorded in `pgmigrations`.
// Its advisory lock in `wait` mode makes a second process (another web or worker starting at the
// same moment) wait, then find nothing left to do.

/** The SQL files, found from the package root: the same from src/ (tsx) and from dist/ (npm start). */
export function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'src', 'store', 'postgres', 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new AppError('internal', 'The PostgreSQL migrations (src/store/postgres/migrations) are missing from this installation');
    dir = up;
  }
}

export interface MigrateOptions extends Pick<PoolOptions, 'connectionString' | 'schema'> {
  /** Only report what would run. */
  dryRun?: boolean;
  /** node-pg-migrate's progress lines (the CLI prints them; the app logs them at debug). */
  log?: (line: string) => void;
}

/** Applies the pending migrations and answers their names (none: the schema was current). */
export async function migrate(o: MigrateOptions): Promise<string[]> {
  // Loaded only here: the embedded mode never pays for it.
  const { runner } = await import('node-pg-migrate');
  const client = new pg.Client(clientConfig(o));
  try {
    await client.connect();
  } catch (err) {
    throw unavailable(err);
  }
  const log = o.log ?? (() => {});
  try {
    const ran = await runner({
      dbClient: client,
      dir: migrationsDir(),
      direction: 'up',
      migrationsTable: 'pgmigrations',
      ...(o.schema ? { schema: o.schema, createSchema: true } : {}),
      checkOrder: true,
      singleTransaction: true,
      advisoryLockMode: 'wait',
      dryRun: o.dryRun ?? false,
      migrationLoaderStrategies: [{ extensions: ['.sql'], loader: 'sql' }],
      logger: { debug: log, info: log, warn: log, error: log },
    });
    return ran.map((m) => m.name);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('store_unavailable', `The PostgreSQL migrations failed: ${(err as Error).message}`, { cause: err });
  } finally {
    await client.end().catch(() => {});
  }
}

/** A connection failure as an error that names the server, never the password. */
export function unavailable(err: unknown): AppError {
  return new AppError('store_unavailable', `PostgreSQL cannot be reached: ${(err as Error).message}`, { cause: err });
}
