import { createInstallations } from '../../src/install/installations.js';
import { createSecretBox } from '../../src/shared/secret-box.js';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import type { SyncDefinition } from '../../src/sync/definition.js';

// Writes the app's lowdb file before the app starts, through the app's own modules (installations
// seal the secrets with the app's encryption key), so the benchmark begins where an installed,
// connected and configured workspace is.

export const BENCH_WORKSPACE = 'ws_bench';
export const BENCH_ADMIN = '991001';
/** Partner Program: first name and email only, so every contact with an email can be enrolled. */
export const BENCH_CAMPAIGN = 2;
export const RETURN_MAPPING = { referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count', converted_referrals_count: 'rf_converted_referrals_count' };

export function benchDefinition(over: Partial<SyncDefinition> = {}): SyncDefinition {
  const now = Date.now();
  return {
    id: 'sync_bench',
    workspaceId: BENCH_WORKSPACE,
    campaignId: BENCH_CAMPAIGN,
    campaignName: 'Partner Program',
    audience: { kind: 'all' },
    fieldMapping: [
      { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
      { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'trim' },
    ],
    returnMapping: RETURN_MAPPING,
    schedule: { type: 'one_time' },
    enabled: true,
    createdBy: BENCH_ADMIN,
    origin: 'wizard',
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

export async function seedStore(opts: {
  file: string;
  encryptionKey: Buffer;
  intercomToken: string;
  rfKey: string;
  definition?: SyncDefinition;
  lastCompletedAt?: number;
  /** An ongoing sync not due before then (ms): nothing runs while a scenario measures events. */
  nextRunAt?: number;
}): Promise<{ rfWebhookToken: string | null }> {
  const repos = await openLowdbRepositories(opts.file);
  const installations = createInstallations({ repo: repos.installations, definitions: repos.definitions, activity: repos.activity, box: createSecretBox(opts.encryptionKey), clock: { now: () => Date.now() } });
  await installations.install({ workspaceId: BENCH_WORKSPACE, region: 'US', mode: 'oauth', accessToken: opts.intercomToken, adminId: BENCH_ADMIN });
  await installations.connectReferralFactory(BENCH_WORKSPACE, opts.rfKey, BENCH_ADMIN);
  if (opts.definition) {
    await repos.definitions.put(opts.definition);
    if (opts.lastCompletedAt) await repos.states.update(opts.definition.id, (s) => void (s.lastCompletedAt = opts.lastCompletedAt ?? null));
    if (opts.nextRunAt) await repos.states.update(opts.definition.id, (s) => void (s.nextRunAt = opts.nextRunAt ?? null));
  }
  // The secret RF webhook URL's token, as App settings' page would show it.
  const rfWebhookToken = await installations.rfWebhookToken(BENCH_WORKSPACE, BENCH_ADMIN);
  await repos.close(); // the measured app opens (and locks) the file next
  return { rfWebhookToken };
}
