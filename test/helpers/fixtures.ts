import type { SyncDefinition } from '../../src/sync/definition.js';
import type { SyncDefinitionRepository } from '../../src/sync/repositories.js';

/** A saved wizard sync, written straight into the repository (for tests about what surrounds syncs). */
export async function putDefinition(repos: { definitions: SyncDefinitionRepository }, over: Partial<SyncDefinition> = {}): Promise<SyncDefinition> {
  const def: SyncDefinition = {
    id: 'sync_1',
    workspaceId: 'ws_demo',
    campaignId: 1,
    campaignName: 'Main campaign',
    audience: { kind: 'all' },
    fieldMapping: [
      { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
      { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'none' },
    ],
    returnMapping: { referral_link: 'referral_link', referrals_count: 'referrals_count' },
    schedule: { type: 'one_time' },
    enabled: true,
    createdAt: 1_790_000_000_000,
    updatedAt: 1_790_000_000_000,
    ...over,
  };
  await repos.definitions.put(def);
  return def;
}
