import type { EventLimits } from '../../events/incoming-event.js';
import { AppError } from '../../shared/errors.js';
import type { Repositories } from '../repositories.js';
import { postgresEventRepository } from './event-repository.js';
import { postgresInstallRepositories } from './install-repositories.js';
import { postgresJoinerContactRepository } from './joiner-contact-repository.js';
import { migrate, unavailable } from './migrate.js';
import { createPool, type PoolOptions } from './pool.js';
import { postgresSyncRepositories } from './sync-repositories.js';

/** The distributed adapter: every repository in PostgreSQL, over one pool per process. */
export interface PostgresRepositories extends Repositories {
  readonly adapter: 'postgres';
}

export interface OpenPostgresOptions extends PoolOptions {
  /**
   * `apply` (default): run pending migrations first (under a lock shared by every process).
   * `check`: refuse to open while migrations are pending (for deployments that run `npm run migrate` as a step).
   */
  migrations?: 'apply' | 'check';
  /** node-pg-migrate's progress lines. */
  log?: (line: string) => void;
  /** Bounds of the incoming events (default DEFAULT_EVENT_LIMITS; tests shrink them). */
  eventLimits?: EventLimits;
}

export async function openPostgresRepositories(o: OpenPostgresOptions): Promise<PostgresRepositories> {
  const pending = await migrate({ ...o, dryRun: o.migrations === 'check' });
  if (o.migrations === 'check' && pending.length > 0) {
    throw new AppError('store_unavailable', `The database schema is behind this version (${pending.length} migration(s) pending): run \`npm run migrate\` first`);
  }
  const pool = createPool(o);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    throw unavailable(err);
  }
  return {
    adapter: 'postgres',
    ...postgresInstallRepositories(pool),
    ...postgresSyncRepositories(pool),
    events: postgresEventRepository(pool, o.eventLimits),
    joinerContacts: postgresJoinerContactRepository(pool),
    ping: async () => void (await pool.query('SELECT 1')),
    close: () => pool.end(),
  };
}

export { migrate, migrationsDir } from './migrate.js';
