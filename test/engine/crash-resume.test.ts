import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { RF_CAMPAIGN } from './rf-harness.js';

const CHILD = fileURLToPath(new URL('./fixtures/sync-child.ts', import.meta.url));
const COUNT = 300;
let rf: ReferralFactorySandbox;
let dir: string;

beforeAll(async () => {
  rf = await startReferralFactorySandbox({ ratePerMinute: 0, latencyMs: 3 });
  dir = await mkdtemp(join(tmpdir(), 'rf-crash-'));
});
afterAll(async () => {
  await rf.close();
  await rm(dir, { recursive: true, force: true });
});

const referrers = () => rf.control.listUsers({ campaignId: RF_CAMPAIGN, type: 'person_referring' });
const startChild = (dataFile: string): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', CHILD, rf.baseUrl, rf.apiKey, dataFile, String(COUNT)], { stdio: ['ignore', 'pipe', 'pipe'] });
const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
const output = (child: ChildProcess) => {
  let text = '';
  child.stdout?.on('data', (d: Buffer) => void (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => void (text += d.toString()));
  return () => text;
};

describe('crash safety', () => {
  test('when the process running a sync is killed mid-way and started again, then the run resumes with no duplicate and no missing referrer', async () => {
    const dataFile = join(dir, 'db.json');
    const first = startChild(dataFile);
    const firstOut = output(first);
    const firstExit = exited(first);
    while (referrers().length < 80) {
      if (first.exitCode !== null) throw new Error(`child ended early: ${firstOut()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    first.kill('SIGKILL');
    await firstExit;
    const atKill = referrers().length;
    expect(atKill).toBeLessThan(COUNT);
    const stored = JSON.parse(await readFile(dataFile, 'utf8'));
    expect(stored.syncState['crash-sync'].inFlight).toMatchObject({ runId: expect.any(String) });

    const second = startChild(dataFile);
    const secondOut = output(second);
    expect(await exited(second)).toBe(0);
    expect(secondOut()).toContain('"resumed":true');
    expect(secondOut()).toMatch(/"status":"succeeded"/);

    const emails = referrers().map((u) => u.email);
    expect(emails).toHaveLength(COUNT);
    expect(new Set(emails).size).toBe(COUNT);
    for (let i = 1; i <= COUNT; i++) expect(emails).toContain(`person${i}@example.com`);
    const after = JSON.parse(await readFile(dataFile, 'utf8'));
    expect(after.runs['crash-sync']).toHaveLength(1);
    expect(after.syncState['crash-sync'].inFlight).toBeNull();
  }, 30_000);
});
