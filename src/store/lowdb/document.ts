import { Memory, type Adapter } from 'lowdb';
import { AppError } from '../../shared/errors.js';
import { DbFileSchema, emptyDb, type DbFile } from './db-schema.js';
import { DurableJsonFile } from './durable-json-file.js';
import { migrate } from './migrate.js';
import { copyForChange, freezeRecords } from './shared-records.js';

/**
 * The embedded store's one document of configuration and run state, under the lowdb
 * repositories (./index.ts). One process per file: the file lock (./data-file-lock.ts) keeps
 * others out; PostgreSQL is the shared mode.
 */
export interface DocumentStore {
  /** The current document, as last saved. Treat it as read-only; change it through `update`. */
  read(): Readonly<DbFile>;
  /**
   * Applies a change to a copy of the document, saves the copy, and only then makes it current:
   * a change that could not be saved is not seen by anyone, and the caller gets store_write_failed.
   * Updates apply one at a time, in order; those made while a write is under way are saved
   * together by the next write. A change may be applied more than once (to a fresh copy, when
   * another change of its batch throws): it changes the document and notes what it found, nothing else.
   */
  update(change: (db: DbFile) => void): Promise<void>;
  /** Keys at the top of the file this version does not know: kept and written back as they are. */
  readonly unknownKeys: readonly string[];
}

const describe = (source: string) => (source ? `The data file ${source}` : 'The data');

/**
 * Anything but a document of this app's shape is refused (store_corrupt), including `null`, other
 * JSON values and newer versions. Unknown top-level keys are kept rather than refused or dropped:
 * a later release may add one without a version step, and going back to this release must not lose it.
 */
export function parseDocument(raw: unknown, source: string): { data: DbFile; unknownKeys: string[] } {
  if (raw === undefined) return { data: emptyDb(), unknownKeys: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const what = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : `a ${typeof raw}`;
    throw new AppError('store_corrupt', `${describe(source)} holds ${what}, not this app's document`);
  }
  let migrated: unknown;
  try {
    migrated = migrate(raw);
  } catch (err) {
    throw new AppError('store_corrupt', `${describe(source)}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = DbFileSchema.safeParse(migrated);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || '(root)').join(', ');
    throw new AppError('store_corrupt', `${describe(source)} does not match the expected shape (at ${where})`);
  }
  const known = new Set(Object.keys(DbFileSchema.shape));
  const unknownKeys = Object.keys(migrated as object).filter((k) => !known.has(k));
  const extra = Object.fromEntries(unknownKeys.map((k) => [k, (migrated as Record<string, unknown>)[k]]));
  return { data: { ...extra, ...parsed.data }, unknownKeys };
}

/**
 * Over a lowdb adapter, without lowdb's `Low`: `Low.read()` keeps its default for any falsy
 * content, so a file holding `null` read as an empty store and was overwritten (#12).
 */
export async function openDocument(adapter: Adapter<unknown>, source = ''): Promise<DocumentStore> {
  const parsed = parseDocument(await adapter.read(), source);
  let current: DbFile = freezeRecords(parsed.data);
  const batch: Pending[] = [];
  let writing = false;

  /** Applies the changes in order to one copy; one that throws is answered alone, and the copy made again without it. */
  function applyAll(taken: Pending[]): { next: DbFile; applied: Pending[] } {
    const next = copyForChange(current);
    for (let i = 0; i < taken.length; i++) {
      try {
        taken[i]!.change(next);
      } catch (err) {
        taken[i]!.reject(err);
        // It may have changed the copy halfway.
        return applyAll(taken.filter((_, j) => j !== i));
      }
    }
    return { next, applied: taken };
  }

  // Group commit: the changes that arrive while a write is on its way go to disk together in the
  // next one, so a burst costs a few whole-file writes instead of one each (issue #15: 1,000
  // webhooks are 3,000 updates). Each caller still hears back only once its change is durable,
  // and a write that fails fails exactly the changes it carried.
  async function drain(): Promise<void> {
    writing = true;
    await null; // the updates made in the same turn join the first write
    try {
      while (batch.length > 0) {
        const { next, applied } = applyAll(batch.splice(0, MAX_BATCH));
        if (applied.length === 0) continue;
        freezeRecords(next);
        try {
          await adapter.write(next);
          current = next;
          for (const p of applied) p.resolve();
        } catch (err) {
          for (const p of applied) p.reject(err);
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    read: () => current,
    unknownKeys: parsed.unknownKeys,
    update(change) {
      return new Promise<void>((resolve, reject) => {
        batch.push({ change, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}

type Pending = { change: (db: DbFile) => void; resolve: () => void; reject: (err: unknown) => void };
/** Changes one write carries at most, so that one caller's wait stays bounded under a flood. */
const MAX_BATCH = 500;

export const openFileDocument = (file: DurableJsonFile): Promise<DocumentStore> => openDocument(file, file.path);
/** lowdb's Memory adapter, whose empty state is `null`. */
class MemoryDocument implements Adapter<unknown> {
  readonly #memory = new Memory<unknown>();
  read = async () => (await this.#memory.read()) ?? undefined;
  write = (data: unknown) => this.#memory.write(data);
}

export const openMemoryDocument = (initial?: DbFile): Promise<DocumentStore> => {
  const adapter = new MemoryDocument();
  return initial ? adapter.write(structuredClone(initial)).then(() => openDocument(adapter)) : openDocument(adapter);
};
