import type { Repositories } from '../repositories.js';
import type { DbFile } from './db-schema.js';
import { openFileDocument, openMemoryDocument, type DocumentStore } from './document.js';
import { lowdbInstallRepositories } from './install-repositories.js';
import { lowdbSyncRepositories } from './sync-repositories.js';

/** The embedded adapter: every repository over one lowdb document. */
export interface LowdbRepositories extends Repositories {
  /** The whole document, read-only: for the CLI's summary, seeding benchmarks and tests that inspect the file's content. */
  document(): Readonly<DbFile>;
}

function over(doc: DocumentStore): LowdbRepositories {
  return {
    ...lowdbInstallRepositories(doc),
    ...lowdbSyncRepositories(doc),
    adapter: 'lowdb',
    document: () => doc.read(),
    // The document is in memory; writes to the file fail the write itself.
    ping: async () => {},
    close: async () => {},
  };
}

/** The data file (DATA_FILE). A corrupt file is refused (store_corrupt), never reset. */
export const openLowdbRepositories = async (path: string): Promise<LowdbRepositories> => over(await openFileDocument(path));

/** In memory (tests, a CLI dry run without a data file). */
export const openMemoryRepositories = async (initial?: DbFile): Promise<LowdbRepositories> => over(await openMemoryDocument(initial));

export type { DbFile } from './db-schema.js';
