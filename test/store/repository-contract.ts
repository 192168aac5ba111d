import { describe, expect, it } from 'vitest';
import type { EventLimits } from '../../src/events/incoming-event.js';
import { MAX_ACTIVITY_PER_WORKSPACE, type ActivityEntry } from '../../src/install/activity.js';
import type { Installation } from '../../src/install/installation.js';
import type { Repositories } from '../../src/store/repositories.js';
import type { SyncDefinition } from '../../src/sync/definition.js';
import { emptyCounts, type SyncRun } from '../../src/sync/run-record.js';
import { emptyState } from '../../src/sync/sync-state.js';
import { eventRepositoryContract } from './repository-contract-events.js';
import { runRepositoryContract } from './repository-contract-runs.js';

// Every repository behaviour, written once and run against each adapter (lowdb, PostgreSQL):
// the engine and the inbox rely on these, whichever store sits behind them.

/** `eventLimits`: smaller bounds, so that tests reach them in a few steps. */
export type OpenRepositories = (o?: { eventLimits?: EventLimits }) => Promise<Repositories>;
/** A test body run on freshly opened repositories, closed after. */
export type WithRepos = (fn: (r: Repositories) => Promise<void>, o?: { eventLimits?: EventLimits }) => () => Promise<void>;

const sealed = { v: 1 as const, iv: 'aXY=', tag: 'dGFn', data: 'ZGF0YQ==' };

export const installation = (workspaceId: string, over: Partial<Installation> = {}): Installation => ({
  workspaceId, region: 'US', mode: 'oauth', accessToken: sealed, installedBy: '1', installedAt: 1_790_000_000,
  appAdmins: ['1'], status: 'active', settings: { teammatesCanSyncSegments: true }, ...over,
});

export const definition = (id: string, over: Partial<SyncDefinition> = {}): SyncDefinition => ({
  id, workspaceId: 'ws_1', campaignId: 1, audience: { kind: 'all' },
  fieldMapping: [{ to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'none' }],
  returnMapping: {}, schedule: { type: 'ongoing', intervalMinutes: 60 }, enabled: true,
  createdAt: 1_790_000_000_000, updatedAt: 1_790_000_000_000, ...over,
});

export const run = (id: string, syncId: string, over: Partial<SyncRun> = {}): SyncRun => ({
  id, syncId, workspaceId: 'ws_1', trigger: 'manual', mode: 'full', status: 'queued', audienceSize: null,
  processed: 0, counts: emptyCounts(), issues: [], queuedAt: 1_790_000_000_000, startedAt: null, endedAt: null, ...over,
});

export function repositoryContract(adapter: string, open: OpenRepositories): void {
  const withRepos: WithRepos = (fn, o) => async () => {
    const repos = await open(o);
    try {
      await fn(repos);
    } finally {
      await repos.close();
    }
  };

  describe(`${adapter}: installations`, () => {
    it('when an installation is upserted, then it reads back, and a second upsert sees the first as `prev`', withRepos(async ({ installations }) => {
      expect(await installations.get('ws_1')).toBeNull();
      await installations.upsert('ws_1', (prev) => {
        expect(prev).toBeNull();
        return installation('ws_1');
      });
      const again = await installations.upsert('ws_1', (prev) => ({ ...installation('ws_1'), appAdmins: [...(prev?.appAdmins ?? []), '2'] }));
      expect(again.appAdmins).toEqual(['1', '2']);
      expect(await installations.get('ws_1')).toEqual(again);
    }));

    it('when a read result is changed by the caller, then the stored installation is not', withRepos(async ({ installations }) => {
      await installations.upsert('ws_1', () => installation('ws_1'));
      const read = await installations.get('ws_1');
      read!.appAdmins.push('intruder');
      expect((await installations.get('ws_1'))!.appAdmins).toEqual(['1']);
    }));

    it('when an update runs, then it applies atomically; on an unknown workspace it writes nothing and answers null', withRepos(async ({ installations }) => {
      expect(await installations.update('ws_none', (i) => void (i.status = 'disconnected'))).toBeNull();
      expect(await installations.get('ws_none')).toBeNull();
      await installations.upsert('ws_1', () => installation('ws_1'));
      await Promise.all(['2', '3', '4'].map((a) => installations.update('ws_1', (i) => void i.appAdmins.push(a))));
      expect((await installations.get('ws_1'))!.appAdmins.sort()).toEqual(['1', '2', '3', '4']);
    }));

    it('when an installation with every optional part is stored, then it reads back equal, its secrets still sealed', withRepos(async ({ installations }) => {
      const full = installation('ws_full', {
        status: 'disconnected', disconnectedReason: 'Intercom refused the access token', appAdmins: ['1', '7'],
        referralFactory: { apiKey: { ...sealed, data: 'a2V5' }, connectedBy: '7', connectedAt: 1_790_000_100 },
        settings: { teammatesCanSyncSegments: false, rfWebhook: { secret: { ...sealed, data: 'c2VjcmV0' }, createdAt: 1_790_000_200, createdBy: '7' } },
      });
      await installations.upsert('ws_full', () => full);
      expect(await installations.get('ws_full')).toEqual(full);
    }));

    it('when an installation is deleted, then only that workspace is gone', withRepos(async ({ installations }) => {
      await installations.upsert('ws_1', () => installation('ws_1'));
      await installations.upsert('ws_2', () => installation('ws_2'));
      await installations.delete('ws_1');
      expect(await installations.get('ws_1')).toBeNull();
      expect(await installations.get('ws_2')).not.toBeNull();
    }));
  });

  describe(`${adapter}: used single-use tokens`, () => {
    it('when a token id is marked used twice, then only the first succeeds, and it reads as used', withRepos(async ({ usedTokens }) => {
      expect(await usedTokens.isUsed('jti_1')).toBe(false);
      const both = await Promise.all([usedTokens.markUsed('jti_1', 2_000, 1_000), usedTokens.markUsed('jti_1', 2_000, 1_000)]);
      expect(both.sort()).toEqual([false, true]);
      expect(await usedTokens.isUsed('jti_1')).toBe(true);
    }));

    it('when a token has expired, then marking another one may prune it, and it can never be marked again before it expires', withRepos(async ({ usedTokens }) => {
      await usedTokens.markUsed('old', 1_000, 500);
      await usedTokens.markUsed('new', 5_000, 2_000);
      expect(await usedTokens.isUsed('new')).toBe(true);
      expect(await usedTokens.markUsed('new', 5_000, 3_000)).toBe(false);
    }));
  });

  describe(`${adapter}: activity`, () => {
    const entry = (i: number, over: Partial<ActivityEntry> = {}): ActivityEntry => ({ at: 1_790_000_000_000 + i, kind: 'admin_added', by: '1', subject: String(i), ...over });

    it('when entries are appended, then they list newest first per workspace, up to the limit asked', withRepos(async ({ activity }) => {
      expect(await activity.listRecent('ws_1', 10)).toEqual([]);
      await activity.append('ws_1', entry(1, { kind: 'installed', subject: undefined }));
      await activity.append('ws_1', entry(2, { by: null }));
      await activity.append('ws_2', entry(3, { kind: 'rf_connected' }));
      expect(await activity.listRecent('ws_1', 10)).toEqual([entry(2, { by: null }), { at: 1_790_000_000_001, kind: 'installed', by: '1' }]);
      expect(await activity.listRecent('ws_1', 1)).toEqual([entry(2, { by: null })]);
      expect(await activity.listRecent('ws_2', 10)).toEqual([entry(3, { kind: 'rf_connected' })]);
    }));

    it('when more than the kept number are appended, then the oldest are dropped; deleting a workspace spares the others', withRepos(async ({ activity }) => {
      for (let i = 0; i < MAX_ACTIVITY_PER_WORKSPACE + 20; i++) await activity.append('ws_1', entry(i));
      await activity.append('ws_2', entry(0));
      const kept = await activity.listRecent('ws_1', 1000);
      expect(kept).toHaveLength(MAX_ACTIVITY_PER_WORKSPACE);
      expect(kept[0]).toEqual(entry(MAX_ACTIVITY_PER_WORKSPACE + 19));
      expect(kept.at(-1)).toEqual(entry(20));
      await activity.deleteByWorkspace('ws_1');
      expect(await activity.listRecent('ws_1', 10)).toEqual([]);
      expect(await activity.listRecent('ws_2', 10)).toHaveLength(1);
    }));
  });

  eventRepositoryContract(adapter, withRepos);

  describe(`${adapter}: sync definitions`, () => {
    it('when definitions are put, then they list by workspace oldest first, and replace by id', withRepos(async ({ definitions }) => {
      await definitions.put(definition('b', { createdAt: 2 }));
      await definitions.put(definition('a', { createdAt: 1 }));
      await definitions.put(definition('c', { workspaceId: 'ws_2' }));
      await definitions.put(definition('a', { createdAt: 1, campaignId: 7 }));
      const mine = await definitions.listByWorkspace('ws_1');
      expect(mine.map((d) => d.id)).toEqual(['a', 'b']);
      expect(mine[0]!.campaignId).toBe(7);
      expect(await definitions.get('c')).toMatchObject({ workspaceId: 'ws_2' });
      expect(await definitions.get('nope')).toBeNull();
    }));

    it('when a definition with every optional part is stored, then it reads back equal', withRepos(async ({ definitions }) => {
      const full = definition('full', {
        campaignName: 'Spring & "friends"', createdBy: '7', origin: 'segment_once', parentId: 'sync_customers',
        audience: { kind: 'segment', segmentId: 'seg_1', segmentName: 'VIPs' },
        fieldMapping: [
          { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'lowercase' },
          { to: 'Plan', from: { kind: 'custom_attribute', name: 'plan' }, transform: 'trim' },
        ],
        returnMapping: { referral_link: 'rf_link', referrals_count: 'rf_referrals', converted_referrals_count: 'rf_converted' },
        schedule: { type: 'one_time' }, enabled: false, onContactGone: 'remove', newReferrers: 'user',
      });
      await definitions.put(full);
      expect(await definitions.get('full')).toEqual(full);
    }));

    it('when due syncs are listed, then only enabled ongoing ones, never scheduled or due, with nothing in flight', withRepos(async ({ definitions, states, runs }) => {
      await definitions.put(definition('new'));
      await definitions.put(definition('due'));
      await definitions.put(definition('later'));
      await definitions.put(definition('off', { enabled: false }));
      await definitions.put(definition('once', { schedule: { type: 'one_time' } }));
      await definitions.put(definition('busy'));
      await states.update('due', (s) => void (s.nextRunAt = 1_000));
      await states.update('later', (s) => void (s.nextRunAt = 9_000));
      await runs.claim(run('r_busy', 'busy'));
      expect((await definitions.listDue(5_000)).map((d) => d.id).sort()).toEqual(['due', 'new']);
    }));

    it('when a definition is deleted, then its state and runs go with it; deleting a workspace\'s spares the others', withRepos(async ({ definitions, states, runs }) => {
      await definitions.put(definition('a'));
      await definitions.put(definition('b'));
      await definitions.put(definition('c', { workspaceId: 'ws_2' }));
      await runs.claim(run('r_a', 'a'));
      await states.update('a', (s) => void (s.lastCompletedAt = 5));
      await definitions.delete('a');
      expect(await definitions.get('a')).toBeNull();
      expect(await runs.get('r_a')).toBeNull();
      expect(await states.get('a')).toEqual(emptyState());
      await runs.claim(run('r_c', 'c', { workspaceId: 'ws_2' }));
      await definitions.deleteByWorkspace('ws_1');
      expect((await definitions.listByWorkspace('ws_1'))).toEqual([]);
      expect(await definitions.get('c')).not.toBeNull();
      expect(await runs.get('r_c')).not.toBeNull();
    }));
  });

  runRepositoryContract(adapter, withRepos);
}
