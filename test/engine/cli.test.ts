import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { testEnv } from '../helpers/env.js';
import { BASIC_CAMPAIGN } from './harness.js';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import { putDefinition } from '../helpers/fixtures.js';

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

// Each test starts the CLI through tsx as a child process: tens of seconds on a loaded 2-core machine.
const SLOW = { timeout: 180_000 };

describe('npm run sync', SLOW, () => {
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

describe('npm run sync: a wrong --rf-url', SLOW, () => {
  // Issue #13 replayed (r13, "Left"): the RF base URL without /api/v2 answers 404 on every route;
  // the CLI ended with a bare "Referral Factory answered 404: Not Found".
  test('when --rf-url lacks /api/v2 (RF answers 404 everywhere), then it says to check --rf-url (and RF_API_BASE_URL for the app), exits 1, and never prints the key', async () => {
    const args = ['--workspace', ic.workspaceId, '--campaign', String(BASIC_CAMPAIGN), '--intercom-url', ic.url, '--rf-url', rf.url, '--plain', '--audience', 'all'];
    const res = await run(args, { INTERCOM_TOKEN: ic.accessToken, RF_API_KEY: 'rf_secret_key_456' });
    expect(res.code).toBe(1);
    expect(res.out).toContain(`Referral Factory answered 404 at ${rf.url}`);
    expect(res.out).toContain('check --rf-url');
    expect(res.out).toContain('RF_API_BASE_URL');
    expect(res.out).not.toContain('rf_secret_key_456');
  });
});

describe('npm run sync: usage', SLOW, () => {
  test('when asked for --help, then it prints the usage and exits 0', async () => {
    const res = await run(['--help']);
    expect(res.code).toBe(0);
    expect(res.out).toContain('Usage: npm run sync');
    expect(res.out).not.toMatch(/internal|config_invalid/);
  });

  test('when no arguments or an unknown option are given, then it says what is wrong in the usage\'s words and exits 64', async () => {
    const [none, unknown, bad] = await Promise.all([run([]), run(['--nope']), run(['--workspace', 'w', '--audience', 'everyone'])]);
    expect(none.code).toBe(64);
    expect(none.out).toContain('--workspace W is required');
    expect(none.out).toContain('Usage: npm run sync');
    expect(none.out).not.toMatch(/Invalid input|expected string|internal|config_invalid/);
    expect(unknown.code).toBe(64);
    expect(unknown.out).toContain("Unknown option '--nope'.");
    expect(unknown.out).not.toMatch(/internal/);
    expect(bad.out).toContain('--audience must be one of leads, users, all');
  });
});

describe('npm run sync: a private app scripted from the environment', SLOW, () => {
  test('when RF_API_KEY is set beside INTERCOM_ACCESS_TOKEN, then a first sync runs with no inbox, the key is stored encrypted and never printed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-cli-private-'));
    try {
      const file = join(dir, 'store.json');
      const env = {
        ...testEnv({ INTERCOM_CLIENT_ID: undefined, LOG_LEVEL: 'silent' }),
        INTERCOM_ACCESS_TOKEN: ic.accessToken, INTERCOM_API_BASE_URL: ic.url, RF_API_BASE_URL: rf.baseUrl, RF_API_KEY: rf.apiKey, DATA_FILE: file,
      } as Record<string, string>;
      delete env.INTERCOM_CLIENT_ID;
      const res = await run(['--workspace', ic.workspaceId, '--audience', 'users', '--campaign', String(BASIC_CAMPAIGN), '--plain'], env);
      expect(res.out).toMatch(/Run run_\S+: Finished/);
      expect(res.code).toBe(0);
      expect(res.out).not.toContain(rf.apiKey);
      const stored = await readFile(file, 'utf8');
      expect(stored).not.toContain(rf.apiKey);
      expect(JSON.parse(stored).installations[ic.workspaceId].referralFactory.connectedBy).toBe('operator');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run sync: the end-of-run report', SLOW, () => {
  test('when a run has 7 failures among 100 skips, then it prints the counts by reason and every failure before the skips', async () => {
    const own = await startIntercomSandbox({ seed: { contacts: 0, customAttributes: 0 } });
    try {
      for (let i = 0; i < 100; i++) own.control.createContact({ role: 'lead', email: null, name: `Lead ${i}` });
      // RF refuses a first name over 255 characters (422).
      for (let i = 0; i < 7; i++) own.control.createContact({ role: 'user', email: `long${i}@example.test`, name: 'N'.repeat(300) });
      own.control.settleIndex(); // searchable
      const args = ['--workspace', own.workspaceId, '--campaign', String(BASIC_CAMPAIGN), '--intercom-url', own.url, '--rf-url', rf.baseUrl, '--plain', '--audience', 'all'];
      const res = await run(args, { INTERCOM_TOKEN: own.accessToken, RF_API_KEY: rf.apiKey });
      expect(res.code).toBe(0);
      expect(res.out).toContain('created 0, linked 0, updated 0, unchanged 0, skipped 100, failed 7');
      expect(res.out).toContain('7 failed: upstream_rejected 7 · 100 skipped: no_email 100');
      const lines = res.out.split('\n').filter((l) => /^ {2}(failed|skipped) /.test(l));
      expect(lines.slice(0, 7).every((l) => l.startsWith('  failed '))).toBe(true);
      expect(lines.slice(0, 7).map((l) => /<(long\d)@/.exec(l)?.[1]).sort()).toEqual(['long0', 'long1', 'long2', 'long3', 'long4', 'long5', 'long6']);
      expect(lines.slice(7)).toHaveLength(10);
      expect(lines.slice(7).every((l) => l.startsWith('  skipped '))).toBe(true);
      expect(res.out).toContain('… and 90 more (counted by reason above)');
    } finally {
      await own.close();
    }
  });
});

describe('npm run sync: a workspace with syncs into two campaigns', SLOW, () => {
  test('when --segment or --audience is given without --campaign, then it asks which campaign; with --campaign 2 the segment run uses that sync’s mapping', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-cli-two-'));
    try {
      const file = join(dir, 'store.json');
      const repos = await openLowdbRepositories(file);
      await putDefinition(repos, { id: 'sync_customers', workspaceId: ic.workspaceId, campaignId: 1, campaignName: 'Customer Referral Program', updatedAt: 1_790_000_200_000 });
      await putDefinition(repos, {
        id: 'sync_partners', workspaceId: ic.workspaceId, campaignId: BASIC_CAMPAIGN, campaignName: 'Partner Program',
        returnMapping: { referral_link: 'rf_partner_link' }, updatedAt: 1_790_000_100_000,
      });
      await repos.close();
      type Raw = { id: string; email: string | null; segment_ids: string[]; custom_attributes: Record<string, unknown> };
      const contacts = () => ic.control.contacts() as unknown as Raw[];
      const segment = [...ic.control.segments()].map((g) => ({ g, n: contacts().filter((c) => c.segment_ids.includes(g.id) && c.email).length }))
        .sort((a, b) => b.n - a.n)[0]!.g;
      const base = ['--workspace', ic.workspaceId, '--intercom-url', ic.url, '--rf-url', rf.baseUrl, '--plain', '--data', file];
      const env = { INTERCOM_TOKEN: ic.accessToken, RF_API_KEY: rf.apiKey };

      // One after the other: the data file takes one process at a time.
      const segmentAsk = await run([...base, '--segment', segment.id], env);
      const audienceAsk = await run([...base, '--audience', 'users', '--dry-run'], env);
      for (const res of [segmentAsk, audienceAsk]) {
        expect(res.code).toBe(64);
        expect(res.out).toContain('This workspace has syncs into 2 campaigns: give --campaign 1 (Customer Referral Program) or --campaign 2 (Partner Program).');
      }

      const res = await run([...base, '--segment', segment.id, '--campaign', String(BASIC_CAMPAIGN)], env);
      expect(res.out).toMatch(/Run run_\S+: Finished/);
      const member = contacts().find((c) => c.segment_ids.includes(segment.id) && c.email)!;
      expect(rf.control.getUser(member.email!.trim(), BASIC_CAMPAIGN)).not.toBeNull();
      expect(rf.control.getUser(member.email!.trim(), 1)).toBeNull();
      const written = contacts().find((c) => c.id === member.id)!.custom_attributes;
      expect(written.rf_partner_link).toMatch(/^http/);
      const after = await openLowdbRepositories(file);
      const made = (await after.definitions.listByWorkspace(ic.workspaceId)).find((d) => d.origin === 'segment_once');
      await after.close();
      expect(made?.parentId).toBe('sync_partners');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
