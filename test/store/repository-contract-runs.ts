import { describe, expect, it } from 'vitest';
import { MAX_RUNS_PER_SYNC } from '../../src/sync/repositories.js';
import { emptyCounts } from '../../src/sync/run-record.js';
import { emptyState } from '../../src/sync/sync-state.js';
import { definition, run, type WithRepos } from './repository-contract.js';

// The part of the repository contract about runs and the sync state that resumes them
// (repository-contract.ts runs it on each adapter).

export function runRepositoryContract(adapter: string, withRepos: WithRepos): void {
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
