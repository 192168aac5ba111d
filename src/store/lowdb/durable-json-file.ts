import { chmod, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import writeFileAtomic from 'write-file-atomic';
import { AppError } from '../../shared/errors.js';

// The data file as a lowdb adapter that only reports a write done once it is durable: the JSON is
// written to a temporary file with mode 0600 and fsynced, renamed over the data file
// (write-file-atomic), then the directory is fsynced so the rename itself survives a power cut.
// A failed write leaves the previous file whole. Reads tell a missing file (a first start) from
// one that is empty or not JSON (refused: never reset behind the operator's back).

export const DATA_FILE_MODE = 0o600;

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class DurableJsonFile implements Adapter<unknown> {
  #refused: string | undefined;

  constructor(readonly path: string) {}

  /** From now on every write fails with this reason (the lock was lost: another process may write). */
  refuseWrites(reason: string): void {
    this.#refused = reason;
  }

  /** The parsed JSON, or `undefined` when there is no file yet. Throws store_corrupt naming the file. */
  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new AppError('store_corrupt', `The data file ${this.path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      const what = text.trim() === '' ? 'is empty' : `is not valid JSON (${(err as Error).message})`;
      throw new AppError('store_corrupt', `The data file ${this.path} ${what}`, { cause: err });
    }
  }

  async write(data: unknown): Promise<void> {
    if (this.#refused) throw new AppError('store_write_failed', `The change was not saved: ${this.#refused}`);
    try {
      await writeFileAtomic(this.path, `${JSON.stringify(data, null, 2)}\n`, { mode: DATA_FILE_MODE, fsync: true });
      await fsyncDirectory(dirname(this.path));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new AppError('store_write_failed', `The change was not saved: the data file ${this.path} could not be written (${code})`, { cause: err });
    }
  }

  /** A file left readable by others (created before 0600, or copied in) is narrowed to its owner. */
  async restrictMode(): Promise<boolean> {
    try {
      const { mode } = await stat(this.path);
      if ((mode & 0o077) === 0) return false;
      await chmod(this.path, DATA_FILE_MODE);
      return true;
    } catch {
      return false;
    }
  }
}
