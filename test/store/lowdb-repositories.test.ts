import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openLowdbRepositories, openMemoryRepositories } from '../../src/store/lowdb/index.js';
import { repositoryContract } from './repository-contract.js';

repositoryContract('lowdb in memory', (o) => openMemoryRepositories(undefined, o));

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
repositoryContract('lowdb on a file', async (o) => {
  const dir = await mkdtemp(join(tmpdir(), 'rf-repos-'));
  dirs.push(dir);
  return openLowdbRepositories(join(dir, 'store.json'), o);
});
