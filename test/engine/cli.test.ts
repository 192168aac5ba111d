import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { BASIC_CAMPAIGN } from './harness.js';

const CLI = fileURLToPath(new URL('../../src/cli/sync.ts', import.meta.url));
let ic: IntercomSandbox;
let rf: ReferralFactorySandbox;

beforeAll(async () => {
  [ic, rf] = await Promise.all([startIntercomSandbox({ seed: { contacts: 20, customAttributes: 2 } }), startReferralFactorySandbox({ ratePerMinute: 0 })]);
});
afterAll(async () => Promise.all([ic.close(), rf.close()]));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (out += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}
const standalone = () => ['--workspace', ic.workspaceId, '--campaign', String(BASIC_CAMPAIGN), '--intercom-url', ic.url, '--rf-url', rf.baseUrl, '--plain'];

describe('npm run sync', () => {
  test('when the arguments name no audience, then it exits 64 with the usage', async () => {
    const res = await run(['--workspace', 'w']);
    expect(res.code).toBe(64);
    expect(res.out).toContain('give exactly one of --sync, --segment, --audience');
    expect(res.out).toContain('Usage: npm run sync');
  });

  test('when asked for a dry run, then it prints the report and RF gets no write', async () => {
    const res = await run([...standalone(), '--audience', 'users', '--dry-run'], { INTERCOM_TOKEN: ic.accessToken, RF_API_KEY: rf.apiKey });
    expect(res.code).toBe(0);
    const report = JSON.parse(res.out.slice(res.out.indexOf('{')));
    expect(report).toMatchObject({ scanned: expect.any(Number), samples: expect.any(Array), counts: expect.any(Object) });
    expect(report.scanned).toBeGreaterThan(0);
    expect(rf.control.stats().writes).toBe(0);
  });

  test('when RF refuses the key, then it stops with upstream_auth_failed, exits 1, and the key is not printed', async () => {
    const res = await run([...standalone(), '--audience', 'all'], { INTERCOM_TOKEN: ic.accessToken, RF_API_KEY: 'rf_wrong_key_123' });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/upstream_auth_failed/);
    expect(res.out).not.toContain('rf_wrong_key_123');
  });
});
