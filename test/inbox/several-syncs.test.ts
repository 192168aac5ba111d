import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, SegmentSyncIds, StatusIds, SyncListIds, WizardIds, returnTargetId } from '../../canvas/ids.js';
import type { SyncDefinition } from '../../src/sync/definition.js';
import { putDefinition } from '../helpers/fixtures.js';
import { ADMIN, TEAMMATE, type InboxHarness, components, errorsOf, eventually, find, inboxHarness, optionsOf, putCampaignSync, texts } from './harness.js';

// Issue #13: several syncs per workspace (customers and partners), each with its own status,
// history and settings; a teammate's segment sync asks which campaign.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ended = (x: InboxHarness, syncId: string) =>
  eventually(async () => x.deps.sync.listRuns(syncId), (runs) => runs.length > 0 && runs.every((r) => r.status !== 'queued' && r.status !== 'running'));

/** Two syncs: customers (campaign 1, everyone, one-time, made first) and partners (campaign 2, users, ongoing). */
async function twoSyncs(x: InboxHarness): Promise<[SyncDefinition, SyncDefinition]> {
  const customers = await putCampaignSync(x, { id: 'sync_customers', createdAt: 1_790_000_000_000, updatedAt: 1_790_000_000_000 });
  const partners = await putDefinition(x.repos, {
    id: 'sync_partners', workspaceId: x.workspaceId, campaignId: 2, campaignName: 'Partner Program',
    audience: { kind: 'users' }, returnMapping: { referral_link: 'rf_referral_link' },
    schedule: { type: 'ongoing', intervalMinutes: 60 }, enabled: true,
    createdAt: 1_790_000_100_000, updatedAt: 1_790_000_100_000,
  });
  return [customers, partners];
}

describe('several syncs (app admins)', () => {
  it('when a workspace has two syncs, then Sync settings lists both with audience, type and last run, each opens its own status, and Edit settings edits only that one', async () => {
    h = await inboxHarness();
    const [customers, partners] = await twoSyncs(h);
    await h.deps.sync.startRun(customers.id, { trigger: 'manual' });
    await ended(h, customers.id);

    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    const list = texts(s.last);
    expect(list).toContain('Syncs');
    expect(list).toContain('Customer Referral Program');
    expect(list).toContain('Partner Program');
    expect(list).toContain('All Contacts · One-Time Sync');
    expect(list).toContain('Ongoing Sync, every hour');
    expect(list).toMatch(/Last run: Finished/);
    expect(list).toContain('No run yet');
    expect(find(s.last, SyncListIds.add)).toBeDefined();

    // The second row opens the partners' sync: its own status, with no run yet.
    await s.click(SyncListIds.open[1]);
    expect(texts(s.last)).toContain('Sync status');
    expect(texts(s.last)).toContain('Partner Program');
    expect(texts(s.last)).toContain('No run yet.');
    expect(s.last.canvas.stored_data.syncId).toBe(partners.id);

    // Edit settings opens the wizard on that sync; Start Sync saves into it and leaves the other alone.
    await s.click(StatusIds.edit);
    expect(find(s.last, WizardIds.campaign.choice)?.value).toBe('2');
    await s.click(WizardIds.connectNext);
    await s.click(WizardIds.audienceNext, { [WizardIds.audienceType]: 'leads' });
    await s.click(WizardIds.fieldsNext);
    // Its rf_referral_link holds the other campaign's links too: the "new" choice now names an attribute of its own.
    expect(find(s.last, returnTargetId('referral_link'))?.value).toBe('new');
    expect(optionsOf(s.last, returnTargetId('referral_link')).map((o) => o.text)).toContain('rf_partner_program_referral_link (new)');
    // Chosen by name, the shared attribute is refused: each run would overwrite the other campaign's links.
    await s.click(WizardIds.returnsNext, { [returnTargetId('referral_link')]: 'existing:rf_referral_link' });
    await s.click(WizardIds.start);
    expect(errorsOf(s.last)).toContain('Referral Link would go to rf_referral_link, which holds the values of Customer Referral Program (another sync). Go Back to Map Referral Factory Fields to Intercom and choose another attribute, or Do not send.');
    await s.click(WizardIds.back);
    await s.click(WizardIds.returnsNext, { [returnTargetId('referral_link')]: 'none' });
    await s.click(WizardIds.start);
    expect(texts(s.last)).toContain('Partner Program');
    const defs = await h.deps.sync.listDefinitions(h.workspaceId);
    expect(defs.map((d) => d.id).sort()).toEqual([customers.id, partners.id]);
    expect(defs.find((d) => d.id === partners.id)!.audience).toEqual({ kind: 'leads' });
    expect(defs.find((d) => d.id === partners.id)!.returnMapping).toEqual({});
    expect(defs.find((d) => d.id === customers.id)).toEqual(customers);
    await ended(h, partners.id);

    // Back goes to the list; Add sync opens an empty wizard for a new sync.
    await s.click(StatusIds.back);
    expect(texts(s.last)).toContain('Partner Program');
    expect(find(s.last, SyncListIds.open[1])).toBeDefined();
    await s.click(SyncListIds.add);
    expect(find(s.last, WizardIds.campaign.choice)?.value).toBeUndefined();
    expect(s.last.canvas.stored_data.syncId).toBeUndefined();
  });

  it('when the list screen comes back naming a sync of another workspace, then it is not opened and the list says so', async () => {
    h = await inboxHarness();
    await twoSyncs(h);
    await putDefinition(h.repos, { id: 'sync_elsewhere', workspaceId: 'ws_other' });
    const res = await h.submit(SyncListIds.open[0], { admin: ADMIN, storedData: { v: 1, flow: 'synclist', ids: ['sync_elsewhere'] } });
    expect(errorsOf(res)).toEqual(['That sync no longer exists. Here are the current ones.']);
    const edit = await h.submit(StatusIds.edit, { admin: ADMIN, storedData: { v: 1, flow: 'status', syncId: 'sync_elsewhere' } });
    expect(texts(edit)).not.toContain('Select Intercom Contact Type');
    expect(errorsOf(edit)).toEqual(['That sync no longer exists. Here are the current ones.']);
    const teammate = await h.submit(SyncListIds.show, { admin: TEAMMATE, storedData: { v: 1, flow: 'synclist', ids: [] } });
    expect(texts(teammate)).toContain('Only app admins');
  });

  it('when an admin has one sync, then Sync settings opens its status, which leads to the list and Add sync', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h);
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    expect(texts(s.last)).toContain('Sync status');
    expect(s.last.canvas.stored_data.syncId).toBe(def.id);
    await s.click(SyncListIds.show);
    expect(texts(s.last)).toContain('One sync into Referral Factory.');
    await s.click(SyncListIds.add);
    expect(texts(s.last)).toMatch(/Campaign/);
  });
});

describe('several syncs (teammates)', () => {
  it('when there are two syncs, then a teammate’s segment sync asks which campaign, enrols into it, and the run shows in that sync’s history', async () => {
    h = await inboxHarness();
    const [, partners] = await twoSyncs(h);
    const segments: { id: string; name: string; count: number }[] = (await h.intercomGet('/segments?include_count=true')).segments;
    const segment = [...segments].sort((a, b) => b.count - a.count)[0]!;

    const s = h.session({ admin: TEAMMATE });
    await s.open();
    await s.click(CardIds.syncSegment);
    expect(optionsOf(s.last, SegmentSyncIds.campaign).map((o) => o.text)).toEqual(['Customer Referral Program', 'Partner Program']);
    await s.click(SegmentSyncIds.campaignNext);
    expect(errorsOf(s.last)).toEqual(['Choose a campaign.']);
    await s.click(SegmentSyncIds.campaignNext, { [SegmentSyncIds.campaign]: partners.id });
    if (!optionsOf(s.last, SegmentSyncIds.segment.choice).some((o) => o.id === segment.id)) {
      await s.click(SegmentSyncIds.segment.filterGo, { [SegmentSyncIds.segment.filter]: segment.name });
    }
    await s.click(SegmentSyncIds.next, { [SegmentSyncIds.segment.choice]: segment.id });
    expect(texts(s.last)).toContain('as referrers in Partner Program');
    await s.click(SegmentSyncIds.confirm);
    const runId = s.last.canvas.stored_data.runId as string;
    const run = await eventually(async () => h!.deps.sync.getRun(runId), (r) => !!r && r.status !== 'queued' && r.status !== 'running');
    const made = (await h.deps.sync.getDefinition(run!.syncId))!;
    expect(made).toMatchObject({ origin: 'segment_once', parentId: partners.id, campaignId: 2 });
    const member = (await h.intercomPost('/contacts/search', {
      query: { field: 'segment_id', operator: '=', value: segment.id }, pagination: { per_page: 150 },
    })).data.find((c: { email: string | null }) => c.email);
    expect(h.sb.rf.control.getUser(member.email.trim(), 2)).not.toBeNull();

    // Back steps: from the segment choice to the campaign choice.
    await s.click(SegmentSyncIds.back);
    const again = h.session({ admin: TEAMMATE });
    await again.open();
    await again.click(CardIds.syncSegment);
    await again.click(SegmentSyncIds.campaignNext, { [SegmentSyncIds.campaign]: partners.id });
    await again.click(SegmentSyncIds.back);
    expect(find(again.last, SegmentSyncIds.campaign)).toBeDefined();

    // The admin sees the teammate's run in the partners' sync history, not the customers'.
    const admin = h.session({ admin: ADMIN });
    await admin.open();
    await admin.click(CardIds.settings);
    await admin.click(SyncListIds.open[1]);
    expect(texts(admin.last)).toContain('Teammate’s sync of');
    await admin.click(StatusIds.back);
    await admin.click(SyncListIds.open[0]);
    expect(texts(admin.last)).not.toContain('Teammate’s sync of');
  });
});

describe('several syncs (return attribute names)', () => {
  it('when a sync into a second campaign is added, then its return fields propose attributes of its own, Start Sync saves it, and the first sync keeps rf_referral_link', async () => {
    h = await inboxHarness();
    const customers = await putCampaignSync(h);
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(SyncListIds.show);
    await s.click(SyncListIds.add);
    await s.click(WizardIds.connectNext, { [WizardIds.campaign.choice]: '2' });
    await s.click(WizardIds.audienceNext, { [WizardIds.audienceType]: 'users' });
    await s.click(WizardIds.fieldsNext);
    expect(errorsOf(s.last)).toEqual([]);
    const link = optionsOf(s.last, returnTargetId('referral_link')).map((o) => o.text);
    expect(link).toContain('rf_partner_program_referral_link (new)');
    expect(link.join(' ')).not.toMatch(/^rf_referral_link/);
    // Longer than a 360 px dropdown shows: written out whole under it.
    expect(components(s.last).filter((c) => c.type === 'text').map((c) => c.text)).toContain('rf_partner_program_converted_referrals_count (new)');
    await s.click(WizardIds.returnsNext);
    expect(texts(s.last)).toContain('→ rf_partner_program_referral_link (new)');
    await s.click(WizardIds.start);
    expect(errorsOf(s.last)).toEqual([]);
    const defs = await h.deps.sync.listDefinitions(h.workspaceId);
    const partners = defs.find((d) => d.campaignId === 2)!;
    expect(partners.returnMapping).toEqual({
      referral_link: 'rf_partner_program_referral_link', referrals_count: 'rf_partner_program_referrals_count', converted_referrals_count: 'rf_partner_program_converted_referrals_count',
    });
    expect(defs.find((d) => d.id === customers.id)).toEqual(customers);
    // The run creates the attributes it writes to.
    await ended(h, partners.id);
    const names = (await h.intercomGet('/data_attributes?model=contact')).data.map((a: { name: string }) => a.name);
    expect(names).toContain('rf_partner_program_referral_link');

    // Editing it again lists each as the sync's own new attribute, not twice.
    await s.click(StatusIds.edit);
    await s.click(WizardIds.connectNext);
    await s.click(WizardIds.audienceNext);
    await s.click(WizardIds.fieldsNext);
    expect(find(s.last, returnTargetId('referral_link'))?.value).toBe('new');
    expect(optionsOf(s.last, returnTargetId('referral_link')).filter((o) => o.text.includes('rf_partner_program_referral_link'))).toHaveLength(1);
  });
});
