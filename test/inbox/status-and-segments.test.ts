import { afterEach, describe, expect, it } from 'vitest';
import { AppIds, CardIds, SegmentSyncIds, StatusIds, WizardIds, fieldSourceId, returnTargetId } from '../../canvas/ids.js';
import { ADMIN, TEAMMATE, type InboxHarness, errorsOf, eventually, find, inboxHarness, optionsOf, putCampaignSync, texts } from './harness.js';

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const finished = (x: InboxHarness, syncId: string) =>
  eventually(async () => (await x.deps.sync.listRuns(syncId)), (runs) => runs.length > 0 && runs.every((r) => r.status !== 'queued' && r.status !== 'running'));

describe('sync status (app admins)', () => {
  it('when a run is going, then progress shows with Refresh and Stop; when it ended, counts, errors and Retry failed', async () => {
    h = await inboxHarness();
    // The link goes to a number attribute: Intercom refuses every write-back, one contact at a time.
    const attrs: { name: string; custom: boolean; data_type: string }[] = (await h.intercomGet('/data_attributes?model=contact')).data;
    const numeric = attrs.find((a) => a.custom && a.data_type === 'integer')!.name;
    const def = await putCampaignSync(h, { schedule: { type: 'ongoing', intervalMinutes: 60 }, returnMapping: { referral_link: numeric } });
    h.sb.rf.control.setLatency(150);
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });

    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    expect(texts(s.last)).toContain('Sync status');
    expect(texts(s.last)).toMatch(/Running|Queued/);
    expect(find(s.last, StatusIds.refresh)).toBeDefined();
    expect(find(s.last, StatusIds.stop)).toBeDefined();
    expect(find(s.last, AppIds.settings)).toBeDefined();

    h.sb.rf.control.setLatency(0);
    await finished(h, def.id);
    await s.click(StatusIds.refresh);
    expect(texts(s.last)).toContain('Finished');
    expect(texts(s.last)).toMatch(/of 20 processed/);
    expect(find(s.last, StatusIds.stop)).toBeUndefined();
    const run = (await h.deps.sync.listRuns(def.id))[0]!;
    expect(run.counts.failed).toBeGreaterThan(0);

    await s.click(StatusIds.errors);
    expect(texts(s.last)).toContain('Failed contacts');
    const issue = run.issues[0]!;
    expect(texts(s.last)).toContain(issue.email ?? issue.contactId);
    await h.repos.definitions.put({ ...def, returnMapping: { referral_link: 'rf_referral_link' } });
    await s.click(StatusIds.retryFailed);
    expect(texts(s.last)).toContain('Retrying the failed contacts');
    await finished(h, def.id);
    const retry = (await h.deps.sync.listRuns(def.id)).find((r) => r.mode === 'retry_failed');
    expect(retry?.counts.failed).toBe(0);
    expect(retry?.processed).toBe(run.counts.failed);

    // Pause and resume an ongoing sync.
    await s.click(StatusIds.pause);
    expect(texts(s.last)).toContain('paused');
    expect((await h.deps.sync.listDefinitions(h.workspaceId))[0]!.enabled).toBe(false);
    await s.click(StatusIds.resume);
    expect((await h.deps.sync.listDefinitions(h.workspaceId))[0]!.enabled).toBe(true);
    expect(texts(s.last)).toContain('Last runs');
  });

  it('when an admin stops a running sync, then it ends as stopped', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h);
    h.sb.rf.control.setLatency(300);
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const res = await h.submit(StatusIds.stop, { admin: ADMIN, storedData: { v: 1, flow: 'status' } });
    expect(texts(res)).toContain('Stopping: the run ends after the contact in hand.');
    h.sb.rf.control.setLatency(0);
    const runs = await finished(h, def.id);
    expect(runs[0]!.status).toBe('cancelled');
    const again = await h.submit(StatusIds.runNow, { admin: ADMIN, storedData: { v: 1, flow: 'status' } });
    expect(texts(again)).toContain('Sync started.');
    expect((await finished(h, def.id)).map((r) => r.status)).toContain('succeeded');
  });
  it('when an admin edits the settings during a run, then the wizard starts from the saved choices and the run keeps its old settings', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h);
    h.sb.rf.control.setLatency(150);
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(StatusIds.edit);
    expect(find(s.last, WizardIds.campaign.choice)?.value).toBe('1');
    await s.click(WizardIds.connectNext);
    expect(find(s.last, WizardIds.audienceType)?.value).toBe('all');
    await s.click(WizardIds.audienceNext, { [WizardIds.audienceType]: 'users' });
    expect(find(s.last, fieldSourceId('company_name'))?.value).toBe('std:name');
    await s.click(WizardIds.fieldsNext);
    expect(find(s.last, returnTargetId('referral_link'))?.value).toBe('new'); // the app's own name: listed once, as the "new" choice (created if missing)
    expect(find(s.last, returnTargetId('referrals_count'))?.value).toBe('none');
    await s.click(WizardIds.returnsNext);
    await s.click(WizardIds.start);
    expect(texts(s.last)).toContain('A run is in progress with the previous settings');
    expect((await h.deps.sync.listDefinitions(h.workspaceId))[0]!.audience).toEqual({ kind: 'users' });
    h.sb.rf.control.setLatency(0);
    const [run] = await finished(h, def.id);
    expect(run!.audienceSize).toBe(20);
  });
});

describe('teammates’ segment sync', () => {
  it('when a teammate syncs a segment, then a one-time run enrols its members with the saved mapping and shows progress', async () => {
    h = await inboxHarness();
    await putCampaignSync(h);
    const list: { id: string; name: string; count: number }[] = (await h.intercomGet('/segments?include_count=true')).segments;
    const segment = [...list].sort((a, b) => b.count - a.count)[0]!;
    const s = h.session({ admin: TEAMMATE });
    await s.open();
    await s.click(CardIds.syncSegment);
    await s.click(SegmentSyncIds.next);
    expect(errorsOf(s.last)).toEqual(['Choose a segment.']);
    if (!optionsOf(s.last, SegmentSyncIds.segment.choice).some((o) => o.id === segment.id)) {
      await s.click(SegmentSyncIds.segment.filterGo, { [SegmentSyncIds.segment.filter]: segment.name });
    }
    await s.click(SegmentSyncIds.next, { [SegmentSyncIds.segment.choice]: segment.id });
    expect(texts(s.last)).toContain(`${segment.count} contacts of ${segment.name}`);
    await s.click(SegmentSyncIds.confirm);
    expect(s.last.event).toEqual({ type: 'completed' });
    expect(texts(s.last)).toContain(`Syncing ${segment.name}`);
    const runId = s.last.canvas.stored_data.runId as string;
    await eventually(async () => (await h!.deps.sync.getRun(runId)), (r) => !!r && (r.status === 'succeeded' || r.status === 'finished_with_errors'));
    await s.click(SegmentSyncIds.refresh);
    expect(texts(s.last)).toContain('Finished');

    const members: { email: string | null }[] = (await h.intercomPost('/contacts/search', {
      query: { field: 'segment_id', operator: '=', value: segment.id }, pagination: { per_page: 150 },
    })).data;
    const withEmail = members.filter((m) => m.email);
    expect(withEmail.length).toBeGreaterThan(0);
    for (const m of withEmail) expect(h.sb.rf.control.getUser(m.email!.trim(), 1), m.email!).not.toBeNull();
  });

  it('when app admins switched segment syncs off, then a teammate is refused', async () => {
    h = await inboxHarness();
    await putCampaignSync(h);
    await h.deps.installations.setTeammatesCanSyncSegments(h.workspaceId, false);
    const card = await h.initialize({ admin: TEAMMATE });
    expect(find(card, CardIds.syncSegment)).toBeUndefined();
    const res = await h.submit(CardIds.syncSegment, { admin: TEAMMATE, storedData: { v: 1, flow: 'card' } });
    expect(texts(res)).toContain('switched segment syncs off');
  });
});
