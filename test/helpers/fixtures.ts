import type { SyncDefinition } from '../../src/sync/definition.js';
import type { Store } from '../../src/store/store.js';

/** A saved wizard sync, written straight into the store (for tests about what surrounds syncs). */
export async function putDefinition(store: Store, over: Partial<SyncDefinition> = {}): Promise<SyncDefinition> {
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
  await store.update((db) => {
    db.syncs[def.id] = def;
    db.syncState[def.id] = { updatedSince: null, lastCompletedAt: null, nextRunAt: null, retryContactIds: [], inFlight: null };
    db.runs[def.id] = [];
  });
  return def;
}
