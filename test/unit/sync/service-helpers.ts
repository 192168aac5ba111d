import { openMemoryRepositories } from '../../../src/store/lowdb/index.js';
import type { SyncDefinitionInput } from '../../../src/sync/definition-input.js';
import type { IntercomContact } from '../../../src/sync/ports.js';
import type { SyncRun } from '../../../src/sync/run-record.js';
import { createSyncService, type SyncService } from '../../../src/sync/sync-service.js';
import { campaign, fakeIntercom, fakeRf } from './fake-ports.js';

export const definitionInput = (over: Partial<SyncDefinitionInput> = {}): SyncDefinitionInput => ({
  workspaceId: 'ws1',
  campaignId: campaign.id,
  audience: { kind: 'all' },
  fieldMapping: [
    { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
    { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'lowercase' },
    { to: 'f_company', from: { kind: 'standard', field: 'external_id' }, transform: 'none' },
  ],
  returnMapping: { referral_link: 'rf_link', referrals_count: 'rf_referrals', converted_referrals_count: 'rf_converted' },
  schedule: { type: 'ongoing', intervalMinutes: 60 },
  enabled: true,
  ...over,
});

export async function setup(contacts: IntercomContact[], opts: { pageSize?: number } = {}) {
  let now = 1_700_100_000_000;
  const clock = { now: () => now };
  const intercom = fakeIntercom(contacts, clock.now);
  const rf = fakeRf();
  const repos = await openMemoryRepositories();
  const service = createSyncService({
    repos,
    clock,
    contactsFor: async () => intercom.source,
    referralsFor: async () => rf.directory,
    pageSize: opts.pageSize ?? 10,
  });
  const advance = (ms: number) => void (now += ms);
  return { service, intercom, rf, repos, clock, advance };
}

export async function waitForRun(service: SyncService, runId: string, timeoutMs = 5000): Promise<SyncRun> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await service.getRun(runId);
    if (run && run.status !== 'queued' && run.status !== 'running') return run;
    if (Date.now() > until) throw new Error(`run ${runId} still ${run?.status}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function saved(service: SyncService, input: SyncDefinitionInput) {
  const res = await service.saveDefinition(input);
  if (!res.ok) throw new Error(JSON.stringify(res.errors));
  return res.definition;
}
