import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A scratch directory for one scenario (store file, child logs), removed afterwards unless BENCH_KEEP=1. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `rf-bench-${prefix}-`));
  try {
    return await fn(dir);
  } finally {
    if (process.env.BENCH_KEEP === '1') process.stdout.write(`  kept ${dir}\n`);
    else await rm(dir, { recursive: true, force: true });
  }
}

export const BENCH_DIR = path.dirname(path.dirname(new URL(import.meta.url).pathname));
export const benchFile = (...parts: string[]) => path.join(BENCH_DIR, ...parts);
