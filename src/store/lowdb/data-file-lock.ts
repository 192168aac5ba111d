import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';

// One writer per data file: the app and the CLI each hold an exclusive lock on DATA_FILE while
// they run (proper-lockfile: an atomic mkdir of `<file>.lock`, its mtime refreshed while held, so a
// lock whose holder died goes stale). Who holds it is written beside it (`<file>.owner`), so a
// second process can name the holder; a holder that died on this machine is recognised at once by
// its pid instead of waiting for the lock to go stale.

/** A lock not refreshed for this long is stale (its holder stopped or hung). */
const STALE_MS = 30_000;

const OwnerSchema = z.object({ pid: z.number().int(), host: z.string(), role: z.string(), since: z.number().int() });
type Owner = z.infer<typeof OwnerSchema>;

export interface DataFileLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** Who takes it, for the message another process shows: `app`, `cli`. */
  role: string;
  /** The lock was lost while held (another process took it over): stop writing. */
  onLost(err: Error): void;
}

const lockPath = (file: string) => `${file}.lock`;
const ownerPath = (file: string) => `${file}.owner`;

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const parsed = OwnerSchema.safeParse(JSON.parse(await readFile(ownerPath(file), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function deadHolder(file: string, owner: Owner): Promise<boolean> {
  const dead = (o: Owner | undefined) => o !== undefined && o.host === hostname() && o.pid !== process.pid && !isAlive(o.pid);
  if (!dead(owner)) return false;
  await new Promise((r) => setTimeout(r, 200));
  const again = await readOwner(file);
  return dead(again) && again?.pid === owner.pid && again.since === owner.since;
}

const describeOwner = (o: Owner | undefined): string =>
  o ? `the ${o.role} (pid ${o.pid} on ${o.host}, since ${new Date(o.since).toISOString()})` : 'another process';

const take = (file: string, opts: LockOptions) =>
  lockfile.lock(file, { realpath: false, lockfilePath: lockPath(file), stale: STALE_MS, retries: 0, onCompromised: opts.onLost });

export async function lockDataFile(file: string, opts: LockOptions): Promise<DataFileLock> {
  let release: () => Promise<void>;
  try {
    release = await take(file, opts);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ELOCKED') {
      throw new AppError('store_locked', `The data file ${file} cannot be locked (${code ?? 'error'}): check that its directory exists and is writable`, { cause: err });
    }
    const owner = await readOwner(file);
    // Its holder died on this machine without releasing it (killed): take it over now. Read twice,
    // a moment apart: a new holder writes its owner file just after it takes the lock.
    if (owner && (await deadHolder(file, owner))) {
      await rm(lockPath(file), { recursive: true, force: true });
      release = await take(file, opts).catch((again: unknown) => {
        throw new AppError('store_locked', `The data file ${file} is in use by another process`, { cause: again });
      });
    } else {
      throw new AppError('store_locked', `The data file ${file} is in use by ${describeOwner(owner)}. One process per data file: stop it first, or give this one another DATA_FILE.`);
    }
  }
  const owner: Owner = { pid: process.pid, host: hostname(), role: opts.role, since: Date.now() };
  await writeFile(ownerPath(file), `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  return {
    async release() {
      await rm(ownerPath(file), { force: true });
      await release().catch(() => undefined); // already lost or released
    },
  };
}
