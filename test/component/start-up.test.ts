import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../helpers/env.js';
import { startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';

// The app's entry point run as a child process: from source through tsx, and as `npm start` runs it
// (built by scripts/build.ts, then plain node).

const ROOT = new URL('../..', import.meta.url).pathname;

interface Started {
  exit: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill(): void;
}

function startMain(env: Record<string, string | undefined>, args = ['--import', 'tsx', 'src/main.ts']): Started {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
  return { exit: new Promise((r) => child.on('exit', (code) => r(code))), stdout: () => out, stderr: () => err, kill: () => void child.kill('SIGTERM') };
}

let dir: string;
let sb: Sandboxes;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-main-'));
  sb = await startSandboxes();
});
afterAll(async () => {
  await sb?.close();
  await rm(dir, { recursive: true, force: true });
});

// Child processes through tsx and a build: slow on a loaded 2-core machine, hence the long timeouts.
describe('start-up (src/main.ts)', { timeout: 120_000 }, () => {
  it('when a variable is malformed, then the app exits naming it and never printing its value', async () => {
    const badKey = 'bm90LWEtMzItYnl0ZS1rZXk=';
    const run = startMain(testEnv({ ENCRYPTION_KEY: badKey, DATA_FILE: join(dir, 'a.json') }));
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain('config_invalid');
    expect(run.stderr()).toContain('ENCRYPTION_KEY');
    expect(run.stderr() + run.stdout()).not.toContain(badKey);
  });

  it('when the data file is corrupt, then the app refuses to start and leaves the file untouched', async () => {
    const file = join(dir, 'corrupt.json');
    await writeFile(file, '{"version":1,"installations":{');
    const run = startMain(testEnv({ DATA_FILE: file }));
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain('store_corrupt');
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"installations":{');
  });

  it('when built and started in private-app mode, then it installs its workspace, serves HTTP, and stops on SIGTERM', async () => {
    const file = join(dir, 'ok.json');
    const out = join('.tmp', `build-${randomBytes(4).toString('hex')}`);
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', out], { cwd: ROOT, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const run = startMain(testEnv({
      PORT: '0', HOST: '127.0.0.1', DATA_FILE: file, LOG_LEVEL: 'info', INTERCOM_CLIENT_ID: undefined,
      INTERCOM_ACCESS_TOKEN: sb.intercom.accessToken, INTERCOM_API_BASE_URL: sb.intercom.url, RF_API_BASE_URL: sb.rf.baseUrl,
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    }), ['--enable-source-maps', join(out, 'main.js')]);
    await expect.poll(() => run.stdout(), { timeout: 60_000 }).toContain('"msg":"listening"');
    const port = Number(/"port":(\d+)/.exec(run.stdout().split('\n').find((l) => l.includes('listening')) ?? '')?.[1]);
    expect((await (await fetch(`http://127.0.0.1:${port}/health`)).json())).toEqual({ ok: true, store: 'lowdb', queue: 'in-process' });
    run.kill();
    expect(await run.exit).toBe(0);
    const stored = await readFile(file, 'utf8');
    expect(JSON.parse(stored).installations[sb.intercom.workspaceId]).toMatchObject({ mode: 'private', status: 'active' });
    expect(stored + run.stdout() + run.stderr()).not.toContain(sb.intercom.accessToken);
    await rm(join(ROOT, out), { recursive: true, force: true });
  });
});
