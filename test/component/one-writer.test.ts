import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../helpers/env.js';
import { startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';

// Issue #12, observations 1 and 6, with real processes: one writer per data file (the app and the
// CLI lock it; a second one is refused naming the file and the holder; a killed holder's lock is
// taken over at once), and a data file holding `null` stops the app instead of being reset.
// Built once and run with plain node, as `npm start` runs it.

const ROOT = new URL('../..', import.meta.url).pathname;

interface Proc {
  pid: number;
  exit: Promise<number | null>;
  out(): string;
  signal(s: NodeJS.Signals): void;
}

function start(args: string[], env: Record<string, string | undefined>): Proc {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv });
  let out = '';
  child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (out += d.toString()));
  return { pid: child.pid!, exit: new Promise((r) => child.on('exit', (code) => r(code))), out: () => out, signal: (s) => void child.kill(s) };
}

const exists = (path: string) => access(path).then(() => true, () => false);

let dir: string;
let sb: Sandboxes;
const out = join('.tmp', `build-${randomBytes(4).toString('hex')}`);
const MAIN = join(out, 'main.js');
const CLI = join(out, 'cli', 'sync.js');
const procs: Proc[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-one-writer-'));
  sb = await startSandboxes();
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', out], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(built.stderr);
});
afterAll(async () => {
  for (const p of procs) p.signal('SIGKILL');
  await sb?.close();
  await rm(dir, { recursive: true, force: true });
  await rm(join(ROOT, out), { recursive: true, force: true });
});

describe('one writer per data file', () => {
  it('when a second app or the CLI opens a data file an app holds, then they refuse naming the file and the holder; a killed holder’s lock is taken over at once', async () => {
    const file = join(dir, 'store.json');
    const env = testEnv({
      PORT: '0', HOST: '127.0.0.1', DATA_FILE: file, LOG_LEVEL: 'info', INTERCOM_CLIENT_ID: undefined,
      INTERCOM_ACCESS_TOKEN: sb.intercom.accessToken, INTERCOM_API_BASE_URL: sb.intercom.url, RF_API_BASE_URL: sb.rf.baseUrl,
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    });
    const app = start([MAIN], env);
    procs.push(app);
    await expect.poll(() => app.out(), { timeout: 20_000 }).toContain('"msg":"listening"');
    const before = await readFile(file, 'utf8');

    const second = start([MAIN], env);
    procs.push(second);
    expect(await second.exit).toBe(1);
    expect(second.out()).toContain(`Start-up failed (store_locked): The data file ${file} is in use by the app (pid ${app.pid}`);

    const cli = start([CLI, '--workspace', sb.intercom.workspaceId, '--audience', 'all', '--plain'], env);
    procs.push(cli);
    expect(await cli.exit).toBe(1);
    expect(cli.out()).toContain(`store_locked: The data file ${file} is in use by the app (pid ${app.pid}`);
    expect(cli.out()).toContain('The CLI cannot run while the app runs on the same data file');
    expect(await readFile(file, 'utf8')).toBe(before);

    // Killed without a chance to release: the next start recognises the dead holder.
    app.signal('SIGKILL');
    await app.exit;
    expect(await exists(`${file}.lock`)).toBe(true);
    const next = start([MAIN], env);
    procs.push(next);
    await expect.poll(() => next.out(), { timeout: 20_000 }).toContain('"msg":"listening"');
    next.signal('SIGTERM');
    expect(await next.exit).toBe(0);
    expect(await exists(`${file}.lock`)).toBe(false);
    expect(await exists(`${file}.owner`)).toBe(false);
  }, 90_000); // four processes started one after another

  it('when the data file holds null, then the app refuses to start naming the file, and leaves it as it was', async () => {
    const file = join(dir, 'null.json');
    await writeFile(file, 'null');
    const app = start([MAIN], testEnv({ DATA_FILE: file }));
    procs.push(app);
    expect(await app.exit).toBe(1);
    expect(app.out()).toContain(`Start-up failed (store_corrupt): The data file ${file} holds null, not this app's document`);
    expect(await readFile(file, 'utf8')).toBe('null');
    expect(await exists(`${file}.lock`)).toBe(false);
  });
});
