import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { progressView } from '../../../src/cli/progress.js';
import { summaryLines } from '../../../src/cli/report.js';
import { runView } from '../../../src/inbox/status/run-view.js';
import { emptyCounts, type SyncRun } from '../../../src/sync/run-record.js';
import { describeRunFailure, runKindLabel } from '../../../src/sync/run-words.js';

const NOW = 1_790_000_000_000;
const run = (over: Partial<SyncRun> = {}): SyncRun => ({
  id: 'r1', syncId: 's1', workspaceId: 'w', trigger: 'schedule', mode: 'incremental', status: 'running', audienceSize: 615,
  processed: 300, counts: { ...emptyCounts(), unchanged: 1, created: 4 }, notChanged: 295, issues: [], queuedAt: NOW - 60_000,
  startedAt: NOW - 60_000, endedAt: null, ...over,
});

describe('how a run is told (status screen and command line)', () => {
  test('when a run waits for Intercom, then the status screen and the CLI say so with the time to the next try', () => {
    const waiting = run({ waiting: { service: 'intercom', since: NOW - 30_000, nextTryAt: NOW + 40_000, reason: 'upstream_unavailable: Intercom answered 500' } });
    expect(runView(waiting, NOW).waiting).toBe('Waiting for Intercom to answer — next try in 40 s');
    const rf = run({ waiting: { service: 'referral_factory', since: NOW, nextTryAt: NOW + 300_000, reason: 'x' } });
    expect(runView(rf, NOW).waiting).toBe('Waiting for Referral Factory to answer — next try in 5 min');
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => void (text += d.toString()));
    const view = progressView(false, out, () => NOW);
    view.update(waiting);
    expect(text).toBe('Waiting for Intercom to answer — next try in 40 s 300/615 created 4, linked 0, updated 0, unchanged 1, skipped 0, failed 0, not changed since the last run 295\n');
  });

  test('when an incremental run is shown, then "not changed since the last run" is one of its buckets and they add up', () => {
    const v = runView(run({ status: 'succeeded', endedAt: NOW, processed: 300 }), NOW);
    expect(v).toMatchObject({ kindLabel: 'Incremental run', notChanged: 295, processed: 300 });
    expect(Object.values(v.counts).reduce((a, b) => a + b, 0) + (v.notChanged ?? 0)).toBe(300);
    expect(runView(run({ mode: 'full', notChanged: 0 }), NOW).notChanged).toBeNull();
    expect(runKindLabel({ mode: 'full', fullReason: 'reconcile' })).toBe('Full run (scheduled full reconciliation)');
    expect(runKindLabel({ mode: 'full' })).toBeUndefined();
  });

  test('when a run failed, then its reason is shown in words with what to do, and the fix the screen offers', () => {
    const failed = run({ status: 'failed', endedAt: NOW, failureReason: 'upstream_unavailable: Intercom did not answer for 30 minutes (last: Intercom answered 500)' });
    expect(runView(failed, NOW).failure).toBe('Failed: Intercom did not answer for 30 minutes (last: Intercom answered 500). Press Sync now to try again: contacts already added are not added twice.');
    expect(runView(run({ status: 'failed', failureReason: 'rf_not_connected: Referral Factory is not connected' }), NOW)).toMatchObject({ fix: 'connect_rf' });
    expect(runView(run({ status: 'failed', failureReason: 'upstream_auth_failed: Referral Factory refused the API key' }), NOW)).toMatchObject({ fix: 'connect_rf' });
    expect(runView(run({ status: 'failed', failureReason: 'upstream_auth_failed: Intercom refused the token' }), NOW)).toMatchObject({ fix: 'reinstall' });
    expect(runView(run({ status: 'failed', failureReason: 'internal: boom' }), NOW)).toMatchObject({ failure: 'Failed: boom (internal)', fix: undefined });
    expect(summaryLines(failed)[1]).toBe(`  ${describeRunFailure(failed.failureReason!)}`);
  });
});
