import { Low, Memory, type Adapter } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { AppError } from '../../shared/errors.js';
import { DbFileSchema, emptyDb, type DbFile } from './db-schema.js';
import { migrate } from './migrate.js';

/**
 * The embedded store's one document of configuration and run state, under the lowdb
 * repositories (./index.ts). Single process only: lowdb rewrites the whole file on every write,
 * so two processes sharing one file would overwrite each other (PostgreSQL is the shared mode).
 */
export interface DocumentStore {
  /** The current document. Treat it as read-only; change it through `update`. */
  read(): Readonly<DbFile>;
  /** Applies a change in memory, then persists it. Writes are serialised and coalesced. */
  update(change: (db: DbFile) => void): Promise<void>;
}

export async function openDocument(adapter: Adapter<unknown>): Promise<DocumentStore> {
  const db = new Low<unknown>(adapter, null);
  try {
    await db.read();
  } catch (err) {
    throw new AppError('store_corrupt', `The data file cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const parsed = DbFileSchema.safeParse(db.data === null ? emptyDb() : migrate(db.data));
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || '(root)').join(', ');
    throw new AppError('store_corrupt', `The data file does not match the expected shape (at ${where})`);
  }
  const data: DbFile = parsed.data;
  db.data = data;
  return {
    read: () => data,
    update: async (change) => {
      change(data);
      await db.write();
    },
  };
}

/** Explicit adapters: lowdb's presets silently switch to memory when NODE_ENV=test. */
export const openFileDocument = (path: string): Promise<DocumentStore> => openDocument(new JSONFile<unknown>(path));
export const openMemoryDocument = (initial?: DbFile): Promise<DocumentStore> => {
  const adapter = new Memory<unknown>();
  return initial ? adapter.write(initial).then(() => openDocument(adapter)) : openDocument(adapter);
};
