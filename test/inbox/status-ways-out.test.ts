import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { AppIds, CardIds, RunErrorsIds, SegmentSyncIds, SyncListIds, StatusIds, StatusLinkIds, StatusRunIds } from '../../canvas/ids.js';
import { ADMIN, TEAMMATE, type InboxHarness, eventually, find, inboxHarness, putCampaignSync, texts } from './harness.js';

// Issue #13, replayed in the simulator: every line that names a button has that button on the
// screen (no instruction that leads nowhere).

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const labels = (body: any): string[] => body.canvas.content.components.filter((c: any) => c.type === 'button').map((c: any) => c.label);

/** A teammate's segment sync whose two contacts fail (RF refuses a first name over 255 characters); its run id. */
async function teammateRunWithFailures(x: InboxHarness): Promise<string> {
  const segment = x.sb.intercom.control.segments()[0]!;
  for (let i = 0; i < 2; i++) x.sb.intercom.control.createContact({ role: 'user', email: `long${i}@example.test`, name: 'N'.repeat(300), segmentIds: [segment.id] });
  x.sb.intercom.control.settleIndex();
  const t = x.session({ admin: TEAMMATE });
  await t.open();
  await t.click(CardIds.syncSegment);
  await t.click(SegmentSyncIds.next, { [SegmentSyncIds.segment.choice]: segment.id });
  await t.click(SegmentSyncIds.confirm);
  const runId = t.last.canvas.stored_data.runId as string;
  await eventually(async () => x.deps.sync.getRun(runId), (r) => !!r && r.status === 'finished_with_errors');
  return runId;
}

describe('the status screen’s ways out', () => {
  it('when Referral Factory is disconnected, then next to Connect Referral Factory the status offers “I have connected it” (the button the connect page names), which shows Sync now once connected', async () => {
    h = await inboxHarness();
    await putCampaignSync(h);
    await h.deps.installations.disconnectReferralFactory(h.workspaceId, ADMIN);
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    expect(find(s.last, StatusLinkIds.connectRf)).toBeDefined();
    expect(find(s.last, StatusIds.refresh)?.label).toBe('I have connected it');

    await h.deps.installations.connectReferralFactory(h.workspaceId, h.sb.rf.apiKey, ADMIN);
    await s.click(StatusIds.refresh);
    expect(find(s.last, StatusIds.runNow)?.label).toBe('Sync now');
    expect(find(s.last, StatusLinkIds.connectRf)).toBeUndefined();
  });

  it('when an admin shows a teammate’s earlier run that has ended, then Refresh (which the screen names) is there and shows the latest', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    await putCampaignSync(h);
    await teammateRunWithFailures(h);
    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(CardIds.settings);
    await a.click(StatusRunIds[0]);
    expect(texts(a.last)).toContain('Refresh shows the latest.');
    expect(find(a.last, StatusIds.refresh)?.label).toBe('Refresh');
    await a.click(StatusIds.refresh);
    expect(texts(a.last)).not.toContain('Showing an earlier run');
  });

  it('when an admin retries a teammate’s failed contacts, then the status offers Refresh while that retry is queued or running', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    await putCampaignSync(h);
    await teammateRunWithFailures(h);
    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(CardIds.settings);
    await a.click(StatusRunIds[0]);
    await a.click(StatusIds.errors);
    await h.sb.rf.control.setLatency(400); // the retry is still going when the screen is drawn
    await a.click(StatusIds.retryFailed);
    expect(texts(a.last)).toContain('Retrying the failed contacts.');
    expect(labels(a.last)).toContain('Refresh');
  });
});

describe('a run’s failed contacts', () => {
  it('when a teammate opens their run’s failed contacts, then the screen does not tell them to press a Retry failed they do not have, and says an app admin can retry them', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    await putCampaignSync(h);
    const runId = await teammateRunWithFailures(h);
    const t = h.session({ admin: TEAMMATE });
    await t.open();
    const res = await h.submit(SegmentSyncIds.failed, {
      admin: TEAMMATE,
      storedData: { v: 1, flow: 'segment', workspaceId: h.workspaceId, step: 'progress', picker: { filter: '', page: 0 }, segmentName: 'x', runId },
    });
    expect(texts(res)).toContain('Failed contacts (2)');
    expect(labels(res)).not.toContain('Retry failed');
    expect(texts(res)).not.toContain('then Retry failed');
    expect(texts(res)).toContain('An app admin can retry them');
  });
});

describe('disconnecting Referral Factory', () => {
  it('when an admin disconnects Referral Factory while a run is going, then the run stops (the confirmation says syncs stop) and no referrer is created after', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h);
    h.sb.rf.control.setLatency(300); // 20 contacts at ≥ 300 ms each: the run is still going when the admin confirms
    const started = await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const runId = started.run.id;
    await eventually(async () => h!.deps.sync.getRun(runId), (r) => !!r && r.status === 'running' && r.processed > 0);

    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(AppIds.settings);
    await a.click(AppIds.disconnectRf);
    expect(texts(a.last)).toContain('syncs stop until someone connects again');
    await a.click(AppIds.disconnectRfConfirm);
    expect(texts(a.last)).toContain('Referral Factory disconnected');

    const run = await eventually(async () => h!.deps.sync.getRun(runId), (r) => !!r && r.status !== 'running' && r.status !== 'queued');
    expect(run!.status).toBe('cancelled');
    expect(run!.processed).toBeLessThan(20);
  });
});

describe('Back returns to where a screen was opened', () => {
  it('when an admin opens App settings from the Syncs list, then Back returns to the sync screens, not the card', async () => {
    h = await inboxHarness();
    await putCampaignSync(h, { id: 'sync_customers', createdAt: 1_790_000_000_000, updatedAt: 1_790_000_000_000 });
    await putCampaignSync(h, { id: 'sync_partners', campaignId: 2, campaignName: 'Partner Program' });
    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(CardIds.settings);
    expect(texts(a.last)).toContain('2 syncs into Referral Factory');
    await a.click(AppIds.settings);
    await a.click(find(a.last, CardIds.settings) ? CardIds.settings : CardIds.home);
    expect(texts(a.last)).toContain('2 syncs into Referral Factory');
  });

  it('when an admin opens All syncs from a sync’s status, then Back returns to that status', async () => {
    h = await inboxHarness();
    await putCampaignSync(h);
    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(CardIds.settings);
    await a.click(SyncListIds.show);
    expect(texts(a.last)).toContain('One sync into Referral Factory.');
    await a.click(SyncListIds.back);
    expect(texts(a.last)).toContain('Sync status');
  });

  it('when an admin opens Sync a segment from a sync’s status, then Back returns to that status', async () => {
    h = await inboxHarness();
    await putCampaignSync(h);
    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(CardIds.settings);
    await a.click(CardIds.syncSegment);
    expect(texts(a.last)).toContain('Sync a segment');
    await a.click(SegmentSyncIds.back);
    expect(texts(a.last)).toContain('Sync status');
  });
});

describe('the full list page', () => {
  it('when an admin opens a run’s full list of failed and skipped contacts, then the page says what to do about each kind, not only what happened', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    await putCampaignSync(h);
    const segment = h.sb.intercom.control.segments()[0]!;
    h.sb.intercom.control.createContact({ role: 'lead', email: null, name: 'No Mail', segmentIds: [segment.id] });
    await teammateRunWithFailures(h);
    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(CardIds.settings);
    await a.click(StatusRunIds[0]);
    await a.click(StatusIds.errors);
    const link = new URL((find(a.last, RunErrorsIds.fullList) as any).action.url);
    const page = await request(h.app).get(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Failed: fix the cause, then press <em>Retry failed</em>');
    expect(page.text).toContain('Skipped: fix the contacts in Intercom');
  });
});

describe('Choose another segment', () => {
  it('when the sync’s segment is gone and the admin presses Choose another segment, then the wizard opens at the segment step, not the campaign', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h, { audience: { kind: 'segment', segmentId: 'seg_deleted', segmentName: 'Old VIPs' } });
    const a = h.session({ admin: ADMIN });
    a.forge({ v: 1, flow: 'status', syncId: def.id });
    await a.click(StatusIds.refresh);
    expect(find(a.last, StatusIds.edit)?.label).toBe('Choose another segment');
    await a.click(StatusIds.edit);
    expect(texts(a.last)).toContain('Select Intercom Contact Type');
    expect(texts(a.last)).not.toContain('Which campaign should referrers join?');
  });

  it('when the admin presses Edit settings on a sync that can run, then the wizard still starts at the campaign', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h);
    const a = h.session({ admin: ADMIN });
    a.forge({ v: 1, flow: 'status', syncId: def.id });
    await a.click(StatusIds.edit);
    expect(texts(a.last)).toContain('Which campaign should referrers join?');
  });
});
