import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, StatusIds, StatusLinkIds, StatusRunIds, WizardIds } from '../../canvas/ids.js';
import { LINKED_NOTE } from '../../canvas/screens/run-progress.js';
import { ADMIN, TEAMMATE, type InboxHarness, errorsOf, eventually, find, inboxHarness, putCampaignSync, texts } from './harness.js';

// Issue #13: every state of a sync explained, with the way out; nothing offered that cannot succeed.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ended = (x: InboxHarness, syncId: string) =>
  eventually(async () => x.deps.sync.listRuns(syncId), (runs) => runs.length > 0 && runs.every((r) => r.status !== 'queued' && r.status !== 'running'));

describe('a sync that cannot run', () => {
  it('when Referral Factory is disconnected, then the status says so with Connect Referral Factory and no Sync now; a run started anyway fails saying why', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h, { schedule: { type: 'ongoing', intervalMinutes: 60 } });
    await h.deps.installations.disconnectReferralFactory(h.workspaceId, ADMIN);

    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    expect(errorsOf(s.last)).toContain('Referral Factory is not connected, so no run can start. Connect it with its API key.');
    expect(find(s.last, StatusIds.runNow)).toBeUndefined();
    expect(find(s.last, StatusIds.fullSync)).toBeUndefined();
    const connect = find(s.last, StatusLinkIds.connectRf) as { label?: string; action?: { type: string; url: string } } | undefined;
    expect(connect?.label).toBe('Connect Referral Factory');
    expect(connect?.action?.url).toMatch(/\/setup\/referral-factory\?token=/);

    // A stale screen's Sync now starts nothing.
    const stale = await h.submit(StatusIds.runNow, { admin: ADMIN, storedData: { v: 1, flow: 'status', syncId: def.id } });
    expect(errorsOf(stale)).toContain('Not started.');
    expect(await h.deps.sync.listRuns(def.id)).toHaveLength(0);

    // The scheduler (or the CLI) may still start one: it fails, and the screen says why and what to do.
    await h.deps.sync.startRun(def.id, { trigger: 'schedule' });
    await ended(h, def.id);
    await s.click(StatusIds.refresh);
    expect(errorsOf(s.last)).toContain('Failed: Referral Factory is not connected, so the run could not start. Connect it, then press Sync now.');
  });

  it('when Referral Factory is disconnected while the wizard is open, then Start Sync saves nothing and says how to connect it', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h);
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(StatusIds.edit);
    await s.click(WizardIds.connectNext);
    await s.click(WizardIds.audienceNext);
    await s.click(WizardIds.fieldsNext);
    await s.click(WizardIds.returnsNext);
    await h.deps.installations.disconnectReferralFactory(h.workspaceId, ADMIN);
    await s.click(WizardIds.start);
    expect(errorsOf(s.last)).toContain('Referral Factory is not connected (any more), so the sync cannot start: go Back to the first step and connect it.');
    expect(await h.deps.sync.listRuns(def.id)).toHaveLength(0);
  });

  it('when the sync’s segment is gone from Intercom, then the status says so and offers Choose another segment instead of Sync now', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h, { audience: { kind: 'segment', segmentId: 'seg_deleted', segmentName: 'Old VIPs' } });
    const res = await h.submit(StatusIds.refresh, { admin: ADMIN, storedData: { v: 1, flow: 'status', syncId: def.id } });
    expect(errorsOf(res)).toContain('The segment Old VIPs no longer exists in Intercom, so no run can start.');
    expect(find(res, StatusIds.runNow)).toBeUndefined();
    expect(find(res, StatusIds.edit)?.label).toBe('Choose another segment');
  });
});

describe('the card’s menu', () => {
  it('when the last run of an ongoing sync failed, then an app admin’s card says so on Sync settings, a teammate’s does not, and a run that completes clears it', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h, { schedule: { type: 'ongoing', intervalMinutes: 60 } });
    const contact = (await h.contacts())[0]!;
    await h.deps.installations.disconnectReferralFactory(h.workspaceId, ADMIN);
    await h.deps.sync.startRun(def.id, { trigger: 'schedule' });
    await ended(h, def.id);
    await h.deps.installations.connectReferralFactory(h.workspaceId, h.sb.rf.apiKey, ADMIN);

    const admin = await h.initialize({ admin: ADMIN, contact });
    expect(find(admin, CardIds.settings)?.label).toBe('Sync settings · last run failed');
    const teammate = await h.initialize({ admin: TEAMMATE, contact });
    expect(texts(teammate)).not.toContain('last run failed');

    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    await eventually(async () => h!.deps.sync.listRuns(def.id), (runs) => runs.some((r) => r.status === 'succeeded' || r.status === 'finished_with_errors'));
    expect(find(await h.initialize({ admin: ADMIN, contact }), CardIds.settings)?.label).toBe('Sync settings');
  });
});

describe('a running sync', () => {
  it('when a sync runs, then its progress shows a percentage and the time left, and Linked is explained under the counts', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h);
    h.sb.rf.control.setLatency(150);
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const shown = await eventually(
      () => h!.submit(StatusIds.refresh, { admin: ADMIN, storedData: { v: 1, flow: 'status', syncId: def.id } }),
      (body) => /of 20 processed \(\d{1,2}%\) · (about \d+ min|less than a minute) left · started/.test(texts(body)),
      20_000,
    );
    expect(texts(shown)).toContain(LINKED_NOTE);
    h.sb.rf.control.setLatency(0);
    await ended(h, def.id);
  });

  it('when an earlier run is shown while a newer one is going, then Sync now is not offered, nor Stop (it would stop the newer run, not the one shown): the screen says Refresh shows the run going, with Stop', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h);
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const [first] = await ended(h, def.id);
    h.sb.rf.control.setLatency(300);
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const res = await h.submit(StatusRunIds[0], { admin: ADMIN, storedData: { v: 1, flow: 'status', syncId: def.id, history: [first!.id] } });
    expect(texts(res)).toContain('Showing an earlier run: started');
    expect(find(res, StatusIds.runNow)).toBeUndefined();
    expect(find(res, StatusIds.stop)).toBeUndefined();
    expect(texts(res)).toContain('This sync’s own run is going: Refresh shows it, with Stop.');
    expect(find(res, StatusIds.refresh)).toBeDefined();
    h.sb.rf.control.setLatency(0);
    await ended(h, def.id);
  });

  it('when an admin presses Stop, then the run shows as stopping with no second Stop until it has stopped', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h);
    h.sb.rf.control.setLatency(300);
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    expect(find(s.last, StatusIds.stop)).toBeDefined();
    await s.click(StatusIds.stop);
    expect(texts(s.last)).toContain('**Stopping**');
    expect(texts(s.last)).not.toContain('**Running**');
    expect(find(s.last, StatusIds.stop)).toBeUndefined();
    expect(find(s.last, StatusIds.refresh)).toBeDefined();
    h.sb.rf.control.setLatency(0);
    const [run] = await ended(h, def.id);
    expect(run!.status).toBe('cancelled');
    await s.click(StatusIds.refresh);
    expect(texts(s.last)).toContain('**Stopped**');
    expect(find(s.last, StatusIds.runNow)).toBeDefined();
  });
});
