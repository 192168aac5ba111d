import { describe, expect, it } from 'vitest';
import type { EventLimits, NewIncomingEvent } from '../../src/events/incoming-event.js';
import { JOINER_CLAIM_MS } from '../../src/sync/joiner-contacts.js';
import type { WithRepos } from './repository-contract.js';

// The part of the repository contract about issue #15's records: incoming events and the contacts
// made for RF-page joiners (repository-contract.ts runs it on each adapter).

export function eventRepositoryContract(adapter: string, withRepos: WithRepos): void {
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
}
