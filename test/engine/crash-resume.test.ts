import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { BASIC_CAMPAIGN, norm } from './harness.js';

// The operator's command line (src/cli/sync.ts) in a separate process, killed with SIGKILL mid-run
// and started again on the same data file, against both stand-ins over HTTP.
const CLI = fileURLToPath(new URL('../../src/cli/sync.ts', import.meta.url));
const COUNT = 300;
let ic: IntercomSandbox;
let rf: ReferralFactorySandbox;
let dir: string;

beforeAll(async () => {
  [ic, rf] = await Promise.all([
    startIntercomSandbox({ seed: { contacts: COUNT, customAttributes: 2 }, rateWindowSeconds: 1 }),
    startReferralFactorySandbox({ ratePerMinute: 0, latencyMs: 3 }),
  ]);
  dir = await mkdtemp(join(tmpdir(), 'rf-crash-'));
});
afterAll(async () => {
  await Promise.all([ic.close(), rf.close()]);
  await rm(dir, { recursive: true, force: true });
});

const referrers = () => rf.control.listUsers({ campaignId: BASIC_CAMPAIGN, type: 'person_referring' }).map((u) => norm(u.email));
function cli(dataFile: string): { child: ChildProcess; exit: Promise<number | null>; output: () => string } {
  const args = ['--workspace', ic.workspaceId, '--audience', 'all', '--campaign', String(BASIC_CAMPAIGN), '--data', dataFile,
    '--intercom-url', ic.url, '--rf-url', rf.baseUrl, '--page-size', '20', '--plain', '--rf-rate-per-minute', '1000', '--rf-window-ms', '1000'];
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, INTERCOM_TOKEN: ic.accessToken, RF_API_KEY: rf.apiKey },
  });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => void (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => void (text += d.toString()));
  return { child, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))), output: () => text };
}

describe('crash safety, through the command line', () => {
  test('when the sync process is killed mid-run and started again, then the run resumes with no duplicate and no missing referrer', async () => {
    const dataFile = join(dir, 'store.json');
    const first = cli(dataFile);
    while (referrers().length < 80) {
      if (first.child.exitCode !== null) throw new Error(`the CLI ended early: ${first.output()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    first.child.kill('SIGKILL');
    await first.exit;
    expect(referrers().length).toBeLessThan(COUNT - 50);
    const killed = JSON.parse(await readFile(dataFile, 'utf8'));
    const syncId = Object.keys(killed.syncs)[0] as string;
    expect(killed.syncState[syncId].inFlight).toMatchObject({ runId: expect.any(String), cursor: expect.any(String) });

    const second = cli(dataFile);
    expect(await second.exit).toBe(0);
    expect(second.output()).toContain('already going');
    expect(second.output()).toMatch(/Run run_\S+: Finished/);

    const expected = (ic.control.contacts() as Array<{ email: string | null; name: string | null }>)
      .filter((c) => c.email)
      .map((c) => norm(c.email));
    const got = referrers();
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual([...new Set(expected)].sort()); // contacts sharing an email share a referrer
    const after = JSON.parse(await readFile(dataFile, 'utf8'));
    expect(after.runs[syncId]).toHaveLength(1);
    expect(after.runs[syncId][0]).toMatchObject({ status: 'succeeded', processed: COUNT });
    expect(after.syncState[syncId].inFlight).toBeNull();
    expect(await readFile(dataFile, 'utf8')).not.toContain(rf.apiKey);
  }, 120_000);
});
