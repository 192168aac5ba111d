import { afterEach, describe, expect, it } from 'vitest';
import { SegmentSyncIds } from '../../canvas/ids.js';
import { type InboxHarness, buttonLabels, eventually, inboxHarness, putCampaignSync, teammateSegmentSync, texts } from './harness.js';

// Issue #13 replayed (r13, "Left"): a teammate who started a one-off segment sync can stop it
// (as can an app admin); nobody else can.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a teammate’s own segment sync', () => {
  it('when a teammate’s segment sync is going, then its progress screen offers Stop, which shows Stopping and ends the run', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    await putCampaignSync(h);
    h.sb.rf.control.setLatency(500);
    const { t, runId } = await teammateSegmentSync(h);
    expect(buttonLabels(t.last)).toContain('Stop');
    await t.click(SegmentSyncIds.stop);
    expect(texts(t.last)).toContain('**Stopping**');
    expect(texts(t.last)).toContain('Stopping: the run ends after the contact in hand.');
    expect(buttonLabels(t.last)).not.toContain('Stop');
    h.sb.rf.control.setLatency(0);
    const run = await eventually(async () => h!.deps.sync.getRun(runId), (r) => !!r && r.status !== 'running' && r.status !== 'queued');
    expect(run!.status).toBe('cancelled');
  });

  it('when another teammate sends Stop with that run in a forged screen, then it is refused and the run goes on', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    await putCampaignSync(h);
    h.sb.rf.control.setLatency(500);
    const { t, runId } = await teammateSegmentSync(h);
    const other = h.session({ admin: '3' });
    other.forge(t.last.canvas.stored_data);
    await other.click(SegmentSyncIds.stop);
    expect(texts(other.last)).toContain('Only the teammate who started this sync, or an app admin, can stop it.');
    expect((await h.deps.sync.getRun(runId))!.stopRequestedAt).toBeUndefined();
    h.sb.rf.control.setLatency(0);
  });
});
