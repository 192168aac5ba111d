import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, SegmentSyncIds } from '../../canvas/ids.js';
import { TEAMMATE, type InboxHarness, type Session, eventually, inboxHarness, putCampaignSync, texts } from './harness.js';

// Issue #13 replayed (r13, "Left"): a teammate who started a one-off segment sync can stop it
// (as can an app admin); nobody else can.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const labels = (body: any): string[] => body.canvas.content.components.filter((c: any) => c.type === 'button').map((c: any) => c.label);

/** A teammate's segment sync of six contacts, started from the card; the session (on its progress screen) and the run id. */
async function teammateSync(x: InboxHarness, admin = TEAMMATE): Promise<{ t: Session; runId: string }> {
  const segment = x.sb.intercom.control.segments()[0]!;
  for (let i = 0; i < 6; i++) x.sb.intercom.control.createContact({ role: 'user', email: `seg${i}@example.test`, name: `Seg ${i}`, segmentIds: [segment.id] });
  x.sb.intercom.control.settleIndex();
  const t = x.session({ admin });
  await t.open();
  await t.click(CardIds.syncSegment);
  await t.click(SegmentSyncIds.next, { [SegmentSyncIds.segment.choice]: segment.id });
  await t.click(SegmentSyncIds.confirm);
  return { t, runId: t.last.canvas.stored_data.runId as string };
}

describe('a teammate’s own segment sync', () => {
  it('when a teammate’s segment sync is going, then its progress screen offers Stop, which shows Stopping and ends the run', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    await putCampaignSync(h);
    h.sb.rf.control.setLatency(500);
    const { t, runId } = await teammateSync(h);
    expect(labels(t.last)).toContain('Stop');
    await t.click(SegmentSyncIds.stop);
    expect(texts(t.last)).toContain('**Stopping**');
    expect(texts(t.last)).toContain('Stopping: the run ends after the contact in hand.');
    expect(labels(t.last)).not.toContain('Stop');
    h.sb.rf.control.setLatency(0);
    const run = await eventually(async () => h!.deps.sync.getRun(runId), (r) => !!r && r.status !== 'running' && r.status !== 'queued');
    expect(run!.status).toBe('cancelled');
  });

  it('when another teammate sends Stop with that run in a forged screen, then it is refused and the run goes on', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    await putCampaignSync(h);
    h.sb.rf.control.setLatency(500);
    const { t, runId } = await teammateSync(h);
    const other = h.session({ admin: '3' });
    other.forge(t.last.canvas.stored_data);
    await other.click(SegmentSyncIds.stop);
    expect(texts(other.last)).toContain('Only the teammate who started this sync, or an app admin, can stop it.');
    expect((await h.deps.sync.getRun(runId))!.stopRequestedAt).toBeUndefined();
    h.sb.rf.control.setLatency(0);
  });
});
