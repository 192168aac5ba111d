import type { EventRepositories } from '../events/incoming-event.js';
import type { InstallRepositories } from '../install/repositories.js';
import type { JoinerContactRepository } from '../sync/joiner-contacts.js';
import type { SyncRepositories } from '../sync/repositories.js';

/** Every storage port of the app, as one adapter (lowdb or PostgreSQL) provides them. */
export interface Repositories extends InstallRepositories, SyncRepositories, EventRepositories {
  /** Which adapter this is (reported by /health). */
  readonly adapter: 'lowdb' | 'postgres';
  /** Intercom contacts made or found for RF-page joiners (issue #15). */
  joinerContacts: JoinerContactRepository;
  /** Resolves when the store can serve now (PostgreSQL: one round trip); rejects otherwise. For /ready. */
  ping(): Promise<void>;
  /** Releases what the adapter holds (file lock, connection pool). */
  close(): Promise<void>;
}
