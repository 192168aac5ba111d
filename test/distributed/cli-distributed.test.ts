import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { testEnv } from '../helpers/env.js';
import { createTestDatabase, runPostgresTests, type TestDatabase } from '../helpers/postgres.js';
import { runRedisTests, testRedis, TEST_REDIS_URL } from '../helpers/redis.js';

// #14: `npm run sync` in the distributed mode takes its RF calls from the key's one budget in
// Redis, like the web and worker processes, so a CLI run beside a worker's never doubles the key's rate.

const CLI = fileURLToPath(new URL('../../src/cli/sync.ts', import.meta.url));
const BASIC_CAMPAIGN = 2;

function run(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env as NodeJS.ProcessEnv });
  let out = '';
  child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (out += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe.runIf(runPostgresTests && runRedisTests)('npm run sync in the distributed mode', { timeout: 180_000 }, () => {
  let ic: IntercomSandbox;
  let rf: ReferralFactorySandbox;
  let db: TestDatabase;
  const r = testRedis('cli');

  beforeAll(async () => {
    [ic, rf, db] = await Promise.all([
      startIntercomSandbox({ seed: { contacts: 12, customAttributes: 0 } }),
      startReferralFactorySandbox({ ratePerMinute: 600 }),
      createTestDatabase(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([ic?.close(), rf?.close(), db?.drop(), r.cleanup()]);
  });

  it('when a run is started from the command line, then its RF calls are counted in the key’s shared budget in Redis (never the key itself)', async () => {
    const env: Record<string, string | undefined> = {
      ...testEnv({ INTERCOM_CLIENT_ID: undefined, LOG_LEVEL: 'silent' }),
      INTERCOM_ACCESS_TOKEN: ic.accessToken, INTERCOM_API_BASE_URL: ic.url, RF_API_BASE_URL: rf.baseUrl, RF_API_KEY: rf.apiKey,
      DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: r.prefix,
    };
    delete env.INTERCOM_CLIENT_ID;
    const res = await run(['--workspace', ic.workspaceId, '--audience', 'users', '--campaign', String(BASIC_CAMPAIGN), '--plain'], env);
    expect(res.out).toMatch(/Run run_\S+: Finished/);
    expect(res.code).toBe(0);
    expect(rf.control.stats().writes).toBeGreaterThan(0);
    const keys = await r.redis.keys(`${r.prefix}:*`);
    expect(keys.some((k) => k.includes(':rf-budget:'))).toBe(true);
    expect(keys.join(' ')).not.toContain(rf.apiKey);
    expect(res.out).not.toContain(rf.apiKey);
  });
});
