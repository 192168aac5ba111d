import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppDeps } from '../../src/app-deps.js';
import { loadConfig } from '../../src/config.js';
import { openLowdbRepositories, type DbFile } from '../../src/store/lowdb/index.js';
import { migrationsDir, openPostgresRepositories } from '../../src/store/postgres/index.js';
import { ROOT, tsxArgs } from '../helpers/child-process.js';
import { testEnv } from '../helpers/env.js';
import { createTestDatabase, runPostgresTests, sql, type TestDatabase } from '../helpers/postgres.js';
import { definition, run } from './repository-contract.js';

// `npm run migrate` and `npm run migrate-store`, run as a deployer runs them.

const PASSWORD = 'pg-pass-never-printed';
const withPassword = (url: string) => Object.assign(new URL(url), { password: PASSWORD }).toString();

type Result = { code: number | null; out: string; err: string };

function collect(child: ReturnType<typeof spawn>): Promise<Result> {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => void (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

const childEnv = (env: Record<string, string | undefined>) => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }) as NodeJS.ProcessEnv;

/** Through npm, exactly as a deployer types it (once per command: npm itself costs a process). */
const npmRun = (script: string, args: string[], env: Record<string, string | undefined>): Promise<Result> =>
  collect(spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, env: childEnv(env) }));

/** What the npm script runs (package.json: `tsx src/cli/<script>.ts`), without npm around it. */
const cli = (script: string, args: string[], env: Record<string, string | undefined>): Promise<Result> =>
  collect(spawn(process.execPath, tsxArgs(`src/cli/${script}.ts`, ...args), { cwd: ROOT, env: childEnv(env) }));

// Child processes compile through tsx: slow on a busy two-core machine, hence the long timeout.
const SLOW = { timeout: 120_000 };

describe.skipIf(!runPostgresTests)('npm run migrate', SLOW, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('when run on an empty database, then it applies the migrations; run again, then there is nothing to apply; the password is never printed', async () => {
    const url = withPassword(db.url);
    const dry = await cli('migrate', ['--dry-run'], { DATABASE_URL: url });
    expect(dry.code, dry.err).toBe(0);
    const all = readdirSync(migrationsDir()).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')).sort();
    expect(dry.out).toContain(`would apply ${all.length} migration(s)`);
    expect(await sql(db.url, `SELECT 1 FROM pg_tables WHERE tablename = 'sync_runs'`)).toEqual([]);

    const first = await npmRun('migrate', [], { DATABASE_URL: url });
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain(`applied ${all.length} migration(s):\n${all.map((n) => `  ${n}\n`).join('')}`);
    expect(await sql(db.url, `SELECT indexname FROM pg_indexes WHERE indexname = 'sync_runs_one_active'`)).toHaveLength(1);

    const again = await cli('migrate', [], { DATABASE_URL: url });
    expect(again.out).toContain('the schema is current');
    expect(first.out + first.err + again.out + again.err).not.toContain(PASSWORD);
  });
});

describe.skipIf(!runPostgresTests)('npm run migrate-store', SLOW, () => {
  let db: TestDatabase;
  let dir: string;
  let file: string;
  const key = randomBytes(32).toString('hex');
  let before: DbFile;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'rf-migrate-store-'));
    file = join(dir, 'store.json');
    // An embedded store as the app leaves it: two installs (real sealed secrets), syncs, runs (one still in flight), state, spent tokens.
    const repos = await openLowdbRepositories(file);
    const deps = buildAppDeps({ config: loadConfig(testEnv({ ENCRYPTION_KEY: key, DATA_FILE: file })), repos });
    await deps.installations.install({ workspaceId: 'ws_1', region: 'EU', mode: 'oauth', accessToken: 'tok_plain_ws1', adminId: '1' });
    await deps.installations.connectReferralFactory('ws_1', 'rf_plain_key', '1');
    await deps.installations.install({ workspaceId: 'ws_2', region: 'US', mode: 'oauth', accessToken: 'tok_plain_ws2', adminId: '9' });
    await repos.definitions.put(definition('a', { campaignName: 'Spring' }));
    await repos.definitions.put(definition('b', { createdAt: 2 }));
    await repos.runs.claim(run('r_a1', 'a', { definition: definition('a') }));
    await repos.runs.finish('r_a1', { status: 'finished_with_errors', endedAt: 5, processed: 2 }, (s) => void (s.retryContactIds = ['c9']));
    await repos.runs.claim(run('r_a2', 'a', { since: 100 }));
    await repos.runs.saveProgress('r_a2', { status: 'running', processed: 1 }, { cursor: 'page-2', pageStartedAt: 7 });
    await repos.runs.claim(run('r_b1', 'b'));
    await repos.runs.finish('r_b1', { status: 'succeeded', endedAt: 9 }, (s) => void (s.nextRunAt = 99));
    await repos.usedTokens.markUsed('jti_1', 4_000_000_000, 1);
    await repos.joinerContacts.record('ws_1', 42, 'contact_joiner', 5);
    await repos.joinerContacts.claim('ws_1', 43, 6);
    before = structuredClone(repos.document()) as DbFile;
    await repos.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  const migrateStore = (args: string[], env: Record<string, string | undefined> = {}, run = cli) =>
    run('migrate-store', ['--from', file, ...args], { DATABASE_URL: withPassword(db.url), ENCRYPTION_KEY: key, ...env });

  it('when the encryption key given is not the one that sealed the secrets, then nothing is written and it says which key to use', async () => {
    const res = await migrateStore([], { ENCRYPTION_KEY: randomBytes(32).toString('hex') });
    expect(res.code).toBe(1);
    expect(res.err).toContain('secret_unreadable');
    expect(res.err).toContain('ws_1, ws_2');
    expect(await sql(db.url, `SELECT 1 FROM pg_tables WHERE tablename = 'installations'`)).toEqual([]);
  });

  it('when moved, then PostgreSQL holds the same records, secrets still sealed and opened by the same key, the run in flight still in flight; the report says what moved', async () => {
    const res = await migrateStore([], {}, npmRun);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/installations\s+2 moved, 0 already there/);
    expect(res.out).toMatch(/sync definitions\s+2 moved/);
    expect(res.out).toMatch(/sync states\s+2 moved/);
    expect(res.out).toMatch(/runs\s+3 moved/);
    expect(res.out).toMatch(/spent tokens\s+1 moved/);
    expect(res.out).toMatch(/RF-page contacts\s+1 moved/);
    expect(res.out).toContain('ENCRYPTION_KEY opens those of all 2 installation(s)');
    const printed = res.out + res.err;
    for (const secret of [PASSWORD, 'tok_plain_ws1', 'rf_plain_key', key]) expect(printed).not.toContain(secret);

    const pgRepos = await openPostgresRepositories({ connectionString: db.url });
    try {
      expect(await pgRepos.installations.get('ws_1')).toEqual(before.installations['ws_1']);
      const rows = await sql<{ access_token: unknown }>(db.url, `SELECT access_token FROM installations WHERE workspace_id = 'ws_1'`);
      expect(rows[0]!.access_token).toEqual(before.installations['ws_1']!.accessToken);
      const deps = buildAppDeps({ config: loadConfig(testEnv({ ENCRYPTION_KEY: key })), repos: pgRepos });
      expect(await deps.installations.accessToken('ws_1')).toBe('tok_plain_ws1');
      expect(await deps.installations.rfApiKey('ws_1')).toBe('rf_plain_key');

      expect(await pgRepos.definitions.listByWorkspace('ws_1')).toEqual([before.syncs['b'], before.syncs['a']]);
      expect((await pgRepos.runs.listBySync('a')).map((r) => r.id)).toEqual(['r_a2', 'r_a1']);
      expect(await pgRepos.runs.get('r_a1')).toMatchObject({ status: 'finished_with_errors', processed: 2 });
      expect((await pgRepos.runs.listInFlight()).map((r) => r.id)).toEqual(['r_a2']);
      expect(await pgRepos.states.get('a')).toEqual({ ...before.syncState['a'], inFlight: { runId: 'r_a2', cursor: 'page-2', pageStartedAt: 7 } });
      expect((await pgRepos.runs.claim(run('r_a3', 'a'))).started).toBe(false);
      expect(await pgRepos.usedTokens.isUsed('jti_1')).toBe(true);
      expect(await pgRepos.joinerContacts.claim('ws_1', 42, 10)).toEqual({ kind: 'recorded', contactId: 'contact_joiner' });
      expect(await pgRepos.joinerContacts.claim('ws_1', 43, 10)).toEqual({ kind: 'claimed' });
    } finally {
      await pgRepos.close();
    }
  });

  it('when run again with the same file, then nothing changes and it says everything was already there', async () => {
    const res = await migrateStore([]);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/installations\s+0 moved, 2 already there/);
    expect(res.out).toMatch(/runs\s+0 moved, 3 already there/);
    expect(await sql(db.url, 'SELECT count(*)::int AS n FROM sync_runs')).toEqual([{ n: 3 }]);
  });

  it('when PostgreSQL has a different version of a record, then the move is refused whole, naming it, until --overwrite replaces it', async () => {
    await sql(db.url, `UPDATE sync_definitions SET campaign_id = 777 WHERE id = 'b'`);
    await sql(db.url, `DELETE FROM used_tokens`);
    const refused = await migrateStore([]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/sync definitions\s+0 moved, 1 already there, 1 differ \(b\)/);
    expect(refused.out).toContain('Nothing was written');
    expect(refused.out).toContain('--overwrite');
    // One transaction: the token that was missing was not put back either.
    expect(await sql(db.url, 'SELECT jti FROM used_tokens')).toEqual([]);

    const forced = await migrateStore(['--overwrite']);
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toMatch(/sync definitions\s+0 moved, 1 already there, 1 replaced/);
    expect(await sql(db.url, `SELECT campaign_id FROM sync_definitions WHERE id = 'b'`)).toEqual([{ campaign_id: '1' }]);
    expect(await sql(db.url, 'SELECT jti FROM used_tokens')).toEqual([{ jti: 'jti_1' }]);
  });

  it('when the embedded app still holds the data file, then it refuses and says to stop it first', async () => {
    const app = await openLowdbRepositories(file);
    try {
      const res = await migrateStore([]);
      expect(res.code).toBe(1);
      expect(res.err).toContain('store_locked');
      expect(res.err).toContain('stop it first');
    } finally {
      await app.close();
    }
  });

  it('when --from names no file, then it says so', async () => {
    const missing = await cli('migrate-store', ['--from', join(dir, 'nope.json')], { DATABASE_URL: db.url });
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No data file at');
  });
});
