import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, StatusIds, StatusRunIds } from '../../canvas/ids.js';
import { ADMIN, type InboxHarness, buttonLabels, eventually, inboxHarness, putCampaignSync, teammateSegmentSync, texts } from './harness.js';

// Issue #13 replayed (r13, "Left"): Stop acts on the run the screen shows, and a teammate can stop
// the segment sync they started.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Stop on the status screen acts on the run shown', () => {
  it('when an admin shows a teammate’s ended run while the sync’s own run is going, then Stop is not offered for it, the screen says the sync’s run is going, and a stale Stop does not stop the sync’s run', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    const def = await putCampaignSync(h);
    const { runId: teammateRun } = await teammateSegmentSync(h);
    await eventually(async () => h!.deps.sync.getRun(teammateRun), (r) => !!r && r.status !== 'running' && r.status !== 'queued');
    for (let i = 0; i < 6; i++) h.sb.intercom.control.createContact({ role: 'user', email: `own${i}@example.test`, name: `Own ${i}` });
    h.sb.intercom.control.settleIndex();
    h.sb.rf.control.setLatency(500); // the sync's own run is still going when the screens are drawn
    const own = (await h.deps.sync.startRun(def.id, { trigger: 'manual' })).run!;

    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(CardIds.settings);
    expect(buttonLabels(a.last)).toContain('Stop');
    await a.click(StatusRunIds[0]);
    expect(texts(a.last)).toContain('Showing an earlier run: a teammate’s sync of');
    expect(buttonLabels(a.last)).not.toContain('Stop');
    expect(texts(a.last)).toContain('This sync’s own run is going: Refresh shows it, with Stop.');

    await a.click(StatusIds.stop); // a stale screen still showing Stop for the teammate's run
    expect(texts(a.last)).toContain('That run has already ended: nothing was stopped.');
    expect((await h.deps.sync.getRun(own.id))!.stopRequestedAt).toBeUndefined();
    h.sb.rf.control.setLatency(0);
  });

  it('when an admin shows a teammate’s run that is going, then Stop names it and stops that run, not the sync’s', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    await putCampaignSync(h);
    h.sb.rf.control.setLatency(500);
    const { runId } = await teammateSegmentSync(h);
    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(CardIds.settings);
    await a.click(StatusRunIds[0]);
    expect(buttonLabels(a.last)).toContain('Stop this run');
    await a.click(StatusIds.stop);
    expect(texts(a.last)).toContain('Stopping the teammate’s sync');
    expect(texts(a.last)).toContain('**Stopping**');
    expect(buttonLabels(a.last)).not.toContain('Stop this run');
    h.sb.rf.control.setLatency(0);
    const run = await eventually(async () => h!.deps.sync.getRun(runId), (r) => !!r && r.status !== 'running' && r.status !== 'queued');
    expect(run!.status).toBe('cancelled');
  });
});
