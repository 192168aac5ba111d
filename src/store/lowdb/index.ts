import type { EventLimits } from '../../events/incoming-event.js';
import type { Repositories } from '../repositories.js';
import type { DbFile } from './db-schema.js';
import { lockDataFile } from './data-file-lock.js';
import { openFileDocument, openMemoryDocument, type DocumentStore } from './document.js';
import { DurableJsonFile } from './durable-json-file.js';
import { lowdbEventRepository } from './event-repository.js';
import { lowdbInstallRepositories } from './install-repositories.js';
import { lowdbJoinerContactRepository } from './joiner-contact-repository.js';
import { lowdbSyncRepositories } from './sync-repositories.js';

/** The embedded adapter: every repository over one lowdb document. */
export interface LowdbRepositories extends Repositories {
  /** The whole document, read-only: for the CLI's summary, seeding benchmarks and tests that inspect the file's content. */
  document(): Readonly<DbFile>;
  /** What opening found, for the log: top-level keys kept unread, a file narrowed to mode 0600. */
  readonly opened: { unknownKeys: readonly string[]; narrowedMode: boolean };
}

function over(doc: DocumentStore, close: () => Promise<void> = async () => {}, narrowedMode = false, eventLimits?: EventLimits): LowdbRepositories {
  return {
    ...lowdbInstallRepositories(doc),
    ...lowdbSyncRepositories(doc),
    events: lowdbEventRepository(doc, eventLimits),
    joinerContacts: lowdbJoinerContactRepository(doc),
    adapter: 'lowdb',
    document: () => doc.read(),
    // The document is in memory; writes to the file fail the write itself.
    ping: async () => {},
    opened: { unknownKeys: doc.unknownKeys, narrowedMode },
    close,
  };
}

export interface OpenFileOptions {
  /** Named to a second process the lock refuses: `app` (default), `cli`. */
  role?: string;
  /** The lock was taken over while held (the process was frozen past its staleness): writes are refused from then on. */
  onLockLost?: (err: Error) => void;
  /** Bounds of the incoming events (default DEFAULT_EVENT_LIMITS; tests shrink them). */
  eventLimits?: EventLimits;
}

/**
 * The data file (DATA_FILE), locked for this process until `close()`: a second process on the
 * same file is refused (store_locked, naming the holder). A corrupt file is refused
 * (store_corrupt, naming the file), never reset.
 */
export async function openLowdbRepositories(path: string, o: OpenFileOptions = {}): Promise<LowdbRepositories> {
  const file = new DurableJsonFile(path);
  const lock = await lockDataFile(path, {
    role: o.role ?? 'app',
    onLost: (err) => {
      file.refuseWrites(`this process lost the lock on ${path}`);
      o.onLockLost?.(err);
    },
  });
  try {
    const doc = await openFileDocument(file);
    return over(doc, () => lock.release(), await file.restrictMode(), o.eventLimits);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/** In memory (tests, a CLI dry run without a data file). */
export const openMemoryRepositories = async (initial?: DbFile, o: { eventLimits?: EventLimits } = {}): Promise<LowdbRepositories> =>
  over(await openMemoryDocument(initial), undefined, false, o.eventLimits);

export type { DbFile } from './db-schema.js';
