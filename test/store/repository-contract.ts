import { describe, expect, it } from 'vitest';
import type { EventLimits, NewIncomingEvent } from '../../src/events/incoming-event.js';
import { MAX_ACTIVITY_PER_WORKSPACE, type ActivityEntry } from '../../src/install/activity.js';
import type { Installation } from '../../src/install/installation.js';
import type { Repositories } from '../../src/store/repositories.js';
import type { SyncDefinition } from '../../src/sync/definition.js';
import { JOINER_CLAIM_MS } from '../../src/sync/joiner-contacts.js';
import { MAX_RUNS_PER_SYNC } from '../../src/sync/repositories.js';
import { emptyCounts, type SyncRun } from '../../src/sync/run-record.js';
import { emptyState } from '../../src/sync/sync-state.js';

// Every repository behaviour, written once and run against each adapter (lowdb, PostgreSQL):
// the engine and the inbox rely on these, whichever store sits behind them.

/** `eventLimits`: smaller bounds, so that tests reach them in a few steps. */
export type OpenRepositories = (o?: { eventLimits?: EventLimits }) => Promise<Repositories>;

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
  const withRepos = (fn: (r: Repositories) => Promise<void>, o?: { eventLimits?: EventLimits }) => async () => {
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

  describe(`${adapter}: contacts made for RF-page joiners`, () => {
    const T = 1_790_000_000_000;
    it('when two callers claim one RF user, then the first holds it, the second waits until it is recorded, then both see the contact', withRepos(async ({ joinerContacts: j }) => {
      expect(await j.claim('ws_1', 42, T)).toEqual({ kind: 'claimed' });
      expect(await j.claim('ws_1', 42, T + 1_000)).toEqual({ kind: 'busy' });
      expect(await j.claim('ws_2', 42, T)).toEqual({ kind: 'claimed' });
      await j.record('ws_1', 42, 'contact_a', T + 2_000);
      expect(await j.claim('ws_1', 42, T + 3_000)).toEqual({ kind: 'recorded', contactId: 'contact_a' });
      await j.release('ws_1', 42);
      expect(await j.claim('ws_1', 42, T + 4_000)).toEqual({ kind: 'recorded', contactId: 'contact_a' });
    }));

    it('when a claim is released or left stale, then another caller may claim; deleting a workspace spares the others', withRepos(async ({ joinerContacts: j }) => {
      await j.claim('ws_1', 7, T);
      await j.release('ws_1', 7);
      expect(await j.claim('ws_1', 7, T + 1)).toEqual({ kind: 'claimed' });
      expect(await j.claim('ws_1', 7, T + JOINER_CLAIM_MS)).toEqual({ kind: 'busy' });
      expect(await j.claim('ws_1', 7, T + 1 + JOINER_CLAIM_MS)).toEqual({ kind: 'claimed' });
      await j.record('ws_2', 7, 'contact_b', T);
      await j.deleteByWorkspace('ws_1');
      expect(await j.claim('ws_1', 7, T + 2 + JOINER_CLAIM_MS)).toEqual({ kind: 'claimed' });
      expect(await j.claim('ws_2', 7, T)).toEqual({ kind: 'recorded', contactId: 'contact_b' });
    }));
  });

  describe(`${adapter}: incoming events`, () => {
    const T0 = 1_790_000_000_000;
    const ev = (externalId: string, over: Partial<NewIncomingEvent> = {}): NewIncomingEvent => ({
      source: 'intercom', externalId, workspaceId: 'ws_1', topic: 'contact.user.created', subjectId: 'c1', subjectVersion: 100,
      detail: { role: 'user' }, occurredAt: T0, ...over,
    });

    it('when an event is recorded twice, then the second is a duplicate and one record stays, pending', withRepos(async ({ events }) => {
      const [a, b] = await Promise.all([events.record(ev('n1'), T0), events.record(ev('n1'), T0 + 1)]);
      expect([a.kind, b.kind].sort()).toEqual(['duplicate', 'stored']);
      const stored = a.kind === 'stored' ? a.event : b.kind === 'stored' ? b.event : null;
      expect(stored).toMatchObject({ externalId: 'n1', status: 'pending', attempts: 0, detail: { role: 'user' }, finishedAt: null });
      expect(await events.get(stored!.id)).toEqual(stored);
      expect(await events.listUnfinished(10)).toEqual([stored]);
      expect((await events.record(ev('n1', { source: 'referral_factory' }), T0)).kind).toBe('stored');
    }));

    it('when an event is older than one stored for the same contact, then it is stored as processed (stale), and hasNewer says so', withRepos(async ({ events }) => {
      await events.record(ev('new', { subjectVersion: 200 }), T0);
      const old = await events.record(ev('old', { subjectVersion: 150 }), T0 + 1);
      expect(old).toMatchObject({ kind: 'stale', event: { status: 'processed', finishedAt: T0 + 1 } });
      expect((await events.record(ev('other', { subjectId: 'c2', subjectVersion: 1 }), T0)).kind).toBe('stored');
      expect((await events.record(ev('same', { subjectVersion: 200 }), T0)).kind).toBe('stored');
      expect((await events.record(ev('ping', { subjectId: null, subjectVersion: null }), T0)).kind).toBe('stored');
      expect(await events.hasNewer({ source: 'intercom', workspaceId: 'ws_1', subjectId: 'c1', subjectVersion: 199 })).toBe(true);
      expect(await events.hasNewer({ source: 'intercom', workspaceId: 'ws_1', subjectId: 'c1', subjectVersion: 200 })).toBe(false);
      expect(await events.hasNewer({ source: 'intercom', workspaceId: 'ws_2', subjectId: 'c1', subjectVersion: 1 })).toBe(false);
    }));

    it('when the receiver says an event needs nothing, then it is stored processed with that outcome, and its redelivery is a duplicate', withRepos(async ({ events }) => {
      const r = await events.record({ ...ev('echo'), settled: "Ignored: the app's own write coming back" }, T0);
      expect(r).toMatchObject({ kind: 'settled', event: { status: 'processed', outcome: "Ignored: the app's own write coming back", finishedAt: T0 } });
      expect(await events.get((r as { event: { id: string } }).event.id)).not.toHaveProperty('settled');
      expect((await events.record(ev('echo'), T0 + 1)).kind).toBe('duplicate');
      expect(await events.listUnfinished(10)).toEqual([]);
    }));

    it('when two takers claim an event, then one gets it; after its lease runs out another may; attempts count', withRepos(async ({ events }) => {
      const { event } = (await events.record(ev('n1'), T0)) as { event: { id: string } };
      const both = await Promise.all([events.claim(event.id, T0, 1_000), events.claim(event.id, T0, 1_000)]);
      expect(both.filter(Boolean)).toHaveLength(1);
      expect(both.find(Boolean)).toMatchObject({ status: 'processing', attempts: 1, leaseUntil: T0 + 1_000 });
      expect(await events.claim(event.id, T0 + 999, 1_000)).toBeNull();
      expect(await events.claim(event.id, T0 + 1_000, 1_000)).toMatchObject({ attempts: 2 });
      expect(await events.claim('evt_unknown', T0, 1_000)).toBeNull();
    }));

    it('when an attempt fails with a retry, then the event is pending again with the error; processed or failed ones cannot be claimed', withRepos(async ({ events }) => {
      const a = ((await events.record(ev('a'), T0)) as { event: { id: string } }).event.id;
      const b = ((await events.record(ev('b', { subjectId: 'c2' }), T0)) as { event: { id: string } }).event.id;
      await events.claim(a, T0, 1_000);
      await events.finish(a, { status: 'failed', error: 'upstream_unavailable: RF answered 503', retry: true }, T0 + 5);
      expect(await events.get(a)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'upstream_unavailable: RF answered 503', leaseUntil: null });
      await events.claim(a, T0 + 10, 1_000);
      await events.finish(a, { status: 'processed', outcome: 'Enrolled in Spring' }, T0 + 20);
      const done = await events.get(a);
      expect(done).toMatchObject({ status: 'processed', attempts: 2, outcome: 'Enrolled in Spring', finishedAt: T0 + 20 });
      expect(done).not.toHaveProperty('lastError');
      await events.claim(b, T0, 1_000);
      await events.finish(b, { status: 'failed', error: 'upstream_rejected: no', retry: false }, T0 + 30);
      expect(await events.get(b)).toMatchObject({ status: 'failed', finishedAt: T0 + 30 });
      expect(await events.claim(a, T0 + 99_999, 1)).toBeNull();
      expect(await events.claim(b, T0 + 99_999, 1)).toBeNull();
      await events.finish(a, { status: 'failed', error: 'late', retry: true }, T0 + 40);
      expect(await events.get(a)).toMatchObject({ status: 'processed' });
      expect(await events.listUnfinished(10)).toEqual([]);
    }));

    it('when events are listed, then unfinished ones oldest first across workspaces, recent ones newest first per workspace', withRepos(async ({ events }) => {
      await events.record(ev('1', { subjectId: 'a' }), T0 + 1);
      await events.record(ev('2', { subjectId: 'b', workspaceId: 'ws_2' }), T0 + 2);
      await events.record(ev('3', { subjectId: 'c' }), T0 + 3);
      expect((await events.listUnfinished(10)).map((e) => e.externalId)).toEqual(['1', '2', '3']);
      expect((await events.listUnfinished(2)).map((e) => e.externalId)).toEqual(['1', '2']);
      expect((await events.listRecent('ws_1', 10)).map((e) => e.externalId)).toEqual(['3', '1']);
      await events.deleteByWorkspace('ws_1');
      expect((await events.listUnfinished(10)).map((e) => e.externalId)).toEqual(['2']);
    }));

    const limits: EventLimits = { maxFinishedPerWorkspace: 20, finishedRetentionMs: 3_600_000, maxPendingPerWorkspace: 5 };
    it('when finished events pass the retention or the kept number, then the oldest go; unfinished ones stay', withRepos(async ({ events }) => {
      // Older than the first for the same contact: each is stored finished (stale) in one step.
      await events.record(ev('newest', { subjectVersion: 1_000_000 }), T0);
      const ids: string[] = [];
      for (let i = 0; i < limits.maxFinishedPerWorkspace + 5; i++) {
        const r = await events.record(ev(`f${i}`, { subjectVersion: i }), T0 + 1 + i);
        expect(r.kind).toBe('stale');
        ids.push((r as { event: { id: string } }).event.id);
      }
      await events.record(ev('waiting', { subjectId: 'w' }), T0 + 2_000);
      await events.record(ev('last', { subjectId: 'l' }), T0 + 2_001);
      expect(await events.get(ids[0]!)).toBeNull();
      expect(await events.get(ids.at(-1)!)).not.toBeNull();
      const recent = await events.listRecent('ws_1', 5_000);
      expect(recent.filter((e) => e.status === 'processed')).toHaveLength(limits.maxFinishedPerWorkspace);
      await events.record(ev('much-later', { subjectId: 'x' }), T0 + limits.finishedRetentionMs + 10_000);
      expect((await events.listRecent('ws_1', 5_000)).map((e) => e.externalId).sort()).toEqual(['last', 'much-later', 'newest', 'waiting']);
    }, { eventLimits: limits }));

    it('when a workspace has as many events waiting as allowed, then the next is refused (full) until one finishes; other workspaces are not', withRepos(async ({ events }) => {
      const ids: string[] = [];
      for (let i = 0; i < limits.maxPendingPerWorkspace; i++) ids.push(((await events.record(ev(`p${i}`, { subjectId: `s${i}` }), T0)) as { event: { id: string } }).event.id);
      expect(await events.record(ev('one-more', { subjectId: 'z' }), T0)).toEqual({ kind: 'full' });
      expect((await events.record(ev('elsewhere', { workspaceId: 'ws_2' }), T0)).kind).toBe('stored');
      await events.claim(ids[0]!, T0, 1_000);
      await events.finish(ids[0]!, { status: 'processed', outcome: 'ok' }, T0 + 1);
      expect((await events.record(ev('one-more', { subjectId: 'z' }), T0 + 2)).kind).toBe('stored');
    }, { eventLimits: limits }));
  });

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

  describe(`${adapter}: sync state`, () => {
    it('when a sync has no state yet, then it reads as empty; updates apply and return the new state', withRepos(async ({ definitions, states }) => {
      await definitions.put(definition('a'));
      expect(await states.get('a')).toEqual(emptyState());
      const next = await states.update('a', (s) => {
        s.updatedSince = 100;
        s.retryContactIds = ['c1'];
      });
      expect(next).toMatchObject({ updatedSince: 100, retryContactIds: ['c1'] });
      expect(await states.get('a')).toEqual(next);
    }));

    it('when the checkpoint, its settings key and the last full run are set, then they read back (the engine plans full runs from them)', withRepos(async ({ definitions, states }) => {
      await definitions.put(definition('a'));
      expect(await states.get('a')).toMatchObject({ checkpointKey: null, lastFullAt: null, lastFailedAt: null });
      await states.update('a', (s) => {
        s.updatedSince = 1_790_000_000;
        s.checkpointKey = 'k_abc';
        s.lastFullAt = 1_790_000_000_000;
        s.lastFailedAt = 1_790_000_000_500;
      });
      expect(await states.get('a')).toMatchObject({ updatedSince: 1_790_000_000, checkpointKey: 'k_abc', lastFullAt: 1_790_000_000_000, lastFailedAt: 1_790_000_000_500 });
    }));

    it('when updates race, then none is lost', withRepos(async ({ definitions, states }) => {
      await definitions.put(definition('a'));
      await Promise.all(Array.from({ length: 10 }, (_, i) => states.update('a', (s) => void s.retryContactIds.push(`c${i}`))));
      expect((await states.get('a')).retryContactIds).toHaveLength(10);
    }));
  });

  describe(`${adapter}: runs`, () => {
    it('when two runs of one sync are claimed at once, then exactly one starts and the other gets it back as busy', withRepos(async ({ definitions, runs }) => {
      await definitions.put(definition('a'));
      const results = await Promise.all([runs.claim(run('r1', 'a')), runs.claim(run('r2', 'a'))]);
      const started = results.filter((r) => r.started);
      expect(started).toHaveLength(1);
      const busy = results.find((r) => !r.started);
      expect(busy).toMatchObject({ started: false, reason: 'busy', run: { id: started[0]!.run.id } });
      expect((await runs.current('a'))!.id).toBe(started[0]!.run.id);
    }));

    it('when a run is claimed, saved and finished, then progress, position and the state change land together', withRepos(async ({ definitions, runs, states }) => {
      await definitions.put(definition('a'));
      const def = definition('a');
      await runs.claim(run('r1', 'a', { definition: def }));
      expect((await states.get('a')).inFlight).toEqual({ runId: 'r1', cursor: null, pageStartedAt: null });
      await runs.saveProgress('r1', { status: 'running', processed: 3 }, { cursor: 'pos-1', pageStartedAt: 42 });
      expect(await runs.get('r1')).toMatchObject({ status: 'running', processed: 3 });
      expect((await states.get('a')).inFlight).toEqual({ runId: 'r1', cursor: 'pos-1', pageStartedAt: 42 });
      expect((await runs.listInFlight()).map((r) => r.id)).toEqual(['r1']);
      await runs.finish('r1', { status: 'succeeded', endedAt: 99 }, (s) => void (s.lastCompletedAt = 99));
      const done = await runs.get('r1');
      expect(done).toMatchObject({ status: 'succeeded', endedAt: 99 });
      expect(done).not.toHaveProperty('definition');
      expect(await states.get('a')).toMatchObject({ inFlight: null, lastCompletedAt: 99 });
      expect(await runs.current('a')).toBeNull();
      expect(await runs.listInFlight()).toEqual([]);
      expect((await runs.claim(run('r2', 'a'))).started).toBe(true);
    }));

    it('when a run records issues, reasons, a wait and its full-run reason, then they read back; a field saved as undefined reads back absent', withRepos(async ({ definitions, runs }) => {
      await definitions.put(definition('a'));
      await runs.claim(run('r1', 'a', { mode: 'full', fullReason: 'settings_changed' }));
      const issues = [
        ...Array.from({ length: 200 }, (_, i) => ({ contactId: `f${i}`, kind: 'failed' as const, code: 'upstream_rejected', message: 'refused' })),
        ...Array.from({ length: 50 }, (_, i) => ({ contactId: `s${i}`, email: `s${i}@x.test`, kind: 'skipped' as const, code: 'no_email', message: 'no email' })),
      ];
      const reasons = [{ kind: 'failed' as const, code: 'upstream_rejected', count: 207, message: 'refused' }, { kind: 'skipped' as const, code: 'no_email', count: 93, message: 'no email' }];
      const waiting = { service: 'intercom' as const, since: 1_000, nextTryAt: 41_000, reason: 'upstream_unavailable: Intercom answered 500' };
      await runs.saveProgress('r1', { status: 'running', issues, reasons, waiting, notChanged: 4 });
      expect(await runs.get('r1')).toMatchObject({ fullReason: 'settings_changed', issues, reasons, waiting, notChanged: 4 });
      await runs.saveProgress('r1', { waiting: undefined });
      expect(await runs.get('r1')).not.toHaveProperty('waiting');
      await runs.saveProgress('r1', { waiting });
      await runs.finish('r1', { status: 'succeeded', waiting: undefined }, () => {});
      expect(await runs.get('r1')).not.toHaveProperty('waiting');
    }));

    it('when a sync has more runs than the history keeps, then the oldest are dropped and the list is newest first', withRepos(async ({ definitions, runs }) => {
      await definitions.put(definition('a'));
      for (let i = 0; i < MAX_RUNS_PER_SYNC + 3; i++) {
        await runs.claim(run(`r${i}`, 'a', { queuedAt: i }));
        await runs.finish(`r${i}`, { status: 'succeeded', endedAt: i }, () => {});
      }
      const list = await runs.listBySync('a');
      expect(list).toHaveLength(MAX_RUNS_PER_SYNC);
      expect(list[0]!.id).toBe(`r${MAX_RUNS_PER_SYNC + 2}`);
      expect(await runs.get('r0')).toBeNull();
    }));

    it('when a run with every optional part is claimed and saved, then it reads back equal', withRepos(async ({ definitions, runs }) => {
      await definitions.put(definition('a'));
      const full = run('r1', 'a', {
        trigger: 'schedule', mode: 'incremental', definition: definition('a', { campaignName: 'C' }), since: 1_790_000_000,
        audienceSize: 12, startedAt: 1_790_000_000_500,
      });
      await runs.claim(full);
      const progress = {
        status: 'running' as const, processed: 3, notChanged: 2, refreshed: 1, failedIds: ['c3'], stopRequestedAt: 1_790_000_000_900,
        counts: { ...emptyCounts(), created: 1, failed: 1, skipped: 1 },
        issues: [{ contactId: 'c3', email: 'x@example.com', name: 'Zoë "Z" O’Neil', kind: 'failed' as const, code: 'upstream_rejected', message: 'RF said "no" <b>' }],
      };
      await runs.saveProgress('r1', progress);
      expect(await runs.get('r1')).toEqual({ ...full, ...progress });
      await runs.finish('r1', { status: 'failed', endedAt: 9, failureReason: 'internal: boom' }, () => {});
      const { definition: _def, ...rest } = full;
      expect(await runs.get('r1')).toEqual({ ...rest, ...progress, status: 'failed', endedAt: 9, failureReason: 'internal: boom' });
    }));

    it('when a finished run is saved again, then its record stays final and the sync is not put back in flight', withRepos(async ({ definitions, runs, states }) => {
      await definitions.put(definition('a'));
      await runs.claim(run('r1', 'a'));
      await runs.finish('r1', { status: 'cancelled', endedAt: 5 }, () => {});
      await runs.saveProgress('r1', { status: 'running', processed: 1 }, { cursor: 'late', pageStartedAt: 1 });
      expect(await runs.get('r1')).toMatchObject({ status: 'cancelled', processed: 0, endedAt: 5 });
      expect(await runs.current('a')).toBeNull();
      expect((await states.get('a')).inFlight).toBeNull();
      await runs.finish('nope', { status: 'failed' }, () => {});
    }));
  });
}
