import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, StatusIds, WizardIds, fieldSourceId, fieldTransformId, returnTargetId } from '../../canvas/ids.js';
import { ADMIN, TEAMMATE, type InboxHarness, errorsOf, find, inboxHarness, optionsOf, texts } from './harness.js';

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const W = WizardIds;

/** Segments as the workspace lists them, and one past the first ten that has members. */
async function segmentPastTen(x: InboxHarness) {
  const list: { id: string; name: string; count: number }[] = (await x.intercomGet('/segments?include_count=true')).segments;
  const target = list.slice(10).find((g) => g.count > 0) ?? list[12]!;
  return { list, target };
}

describe('sync wizard (app admins)', () => {
  it('when an admin walks from Connect to Start Sync, then every step follows RF’s wizard, long lists page, errors sit by their field and Back keeps choices', async () => {
    h = await inboxHarness();
    const s = h.session({ admin: ADMIN });
    await s.open();
    expect(texts(s.last)).toContain('No campaign is set up yet');

    // Connect: the campaign.
    await s.click(CardIds.settings);
    expect(texts(s.last)).toContain('Select Campaign'); // the step is named for what it does once RF is connected
    expect(optionsOf(s.last, W.campaign.choice).map((o) => o.text)).toEqual(['Customer Referral Program', 'Partner Program']);
    await s.click(W.connectNext);
    expect(find(s.last, W.campaign.choice)?.save_state).toBe('failed');
    expect(errorsOf(s.last)).toEqual(['Choose a campaign.']);
    await s.click(W.connectNext, { [W.campaign.choice]: '1' });

    // Step 1: contact type, then a segment found past the first ten.
    expect(texts(s.last)).toContain('Select Intercom Contact Type');
    expect(optionsOf(s.last, W.audienceType).map((o) => o.text)).toEqual(['Only Leads', 'Only Users', 'All Contacts', 'A Specific Segment']);
    await s.click(W.audienceType, { [W.audienceType]: 'segment' });
    const { list, target } = await segmentPastTen(h);
    expect(list).toHaveLength(25);
    expect(optionsOf(s.last, W.segment.choice).length).toBeLessThanOrEqual(10);
    expect(optionsOf(s.last, W.segment.choice).map((o) => o.id)).not.toContain(target.id);
    for (let i = 0; i < 3 && !optionsOf(s.last, W.segment.choice).some((o) => o.id === target.id); i++) await s.click(W.segment.more);
    expect(optionsOf(s.last, W.segment.choice).map((o) => o.id)).toContain(target.id);
    await s.click(W.audienceNext, { [W.segment.choice]: target.id });

    // Step 2: defaults, a required field left unmapped, then fixed through the attribute picker.
    expect(texts(s.last)).toContain('Map Intercom Fields to Referral Factory');
    expect(find(s.last, fieldSourceId('first_name'))).toMatchObject({ label: 'First Name *', value: 'std:name' });
    expect(texts(s.last)).toContain('First Name: first word.'); // the transform, summed up (its dropdown is behind one control)
    expect(find(s.last, fieldSourceId('email'))).toMatchObject({ label: 'Email *', value: 'std:email' });
    expect(find(s.last, fieldSourceId('phone'))?.label).toBe('Phone Number');
    await s.click(W.fieldsNext);
    expect(find(s.last, fieldSourceId('company_name'))?.save_state).toBe('failed');
    expect(errorsOf(s.last).join(' ')).toContain('Company Name is required');

    // Back keeps the segment; Next comes back to the same fields.
    await s.click(W.back);
    expect(find(s.last, W.audienceType)?.value).toBe('segment');
    expect(find(s.last, W.segment.choice)?.value).toBe(target.id);
    await s.click(W.audienceNext);
    await s.click(W.fieldsNext, { [fieldSourceId('company_name')]: 'attr:?', [fieldSourceId('phone')]: 'std:phone' });
    expect(texts(s.last)).toContain('Attribute for Company Name');
    expect(find(s.last, W.attribute.filter)).toBeDefined();
    const attrs: { name: string; custom: boolean }[] = (await h.intercomGet('/data_attributes?model=contact')).data;
    const wanted = attrs.filter((a) => a.custom).at(-1)!.name;
    await s.click(W.attribute.filterGo, { [W.attribute.filter]: wanted });
    // The only match is chosen by itself (no dropdown of one).
    expect(texts(s.last)).toContain(`Intercom attribute: **${wanted}**`);
    await s.click(W.attributeUse);
    expect(find(s.last, fieldSourceId('company_name'))?.value).toBe(`attr:${wanted}`);
    expect(find(s.last, fieldSourceId('phone'))?.value).toBe('std:phone');
    await s.click(W.fieldsNext);

    // Step 3: return fields, new attributes by default.
    expect(texts(s.last)).toContain('Map Referral Factory Fields to Intercom');
    expect(find(s.last, returnTargetId('referral_link'))?.value).toBe('new');
    await s.click(W.returnsNext, { [returnTargetId('converted_referrals_count')]: 'none' });

    // Step 4: overview, sync type, preview; Back and forth keeps it all.
    expect(texts(s.last)).toContain('Overview');
    expect(texts(s.last)).toContain(`← ${wanted}`);
    expect(texts(s.last)).toContain('→ rf_referral_link (new)');
    expect(texts(s.last)).toContain('**Converted Referrals Count:** Not sent');
    await s.click(W.syncType, { [W.syncType]: 'ongoing' });
    expect(find(s.last, W.interval)?.value).toBe('60');
    expect(find(s.last, W.onContactGone)?.value).toBe('keep');
    await s.click(W.preview, { [W.interval]: '360', [W.onContactGone]: 'remove' });
    expect(texts(s.last)).toContain('Preview:');
    await s.click(W.back);
    await s.click(W.back);
    expect(find(s.last, fieldSourceId('company_name'))?.value).toBe(`attr:${wanted}`);
    await s.click(W.fieldsNext);
    expect(find(s.last, returnTargetId('converted_referrals_count'))?.value).toBe('none');
    await s.click(W.returnsNext);
    expect(find(s.last, W.syncType)?.value).toBe('ongoing');
    expect(find(s.last, W.interval)?.value).toBe('360');
    expect(find(s.last, W.onContactGone)?.value).toBe('remove');

    await s.click(W.start);
    expect(s.last.event).toEqual({ type: 'completed' });
    expect(texts(s.last)).toContain('Sync status');
    const defs = (await h.deps.sync.listDefinitions(h.workspaceId));
    expect(defs).toHaveLength(1);
    expect(defs[0]).toMatchObject({
      campaignId: 1,
      audience: { kind: 'segment', segmentId: target.id },
      schedule: { type: 'ongoing', intervalMinutes: 360 },
      onContactGone: 'remove',
      returnMapping: { referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count' },
    });
    expect(defs[0]!.fieldMapping).toContainEqual({ to: 'company_name', from: { kind: 'custom_attribute', name: wanted }, transform: 'none' });
  });

  it('when Referral Factory is not connected yet, then Connect links to the signed setup page and checks again on return', async () => {
    h = await inboxHarness({ rfConnected: false });
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    const link = find(s.last, W.connectLink) as unknown as { action: { type: string; url: string } };
    expect(link.action.type).toBe('url');
    expect(link.action.url).toMatch(/\/setup\/referral-factory\?token=/);
    expect(texts(s.last)).not.toContain(h.sb.rf.apiKey);
    await s.click(W.connectCheck);
    expect(errorsOf(s.last).join(' ')).toContain('Not connected yet');
    await h.deps.installations.connectReferralFactory(h.workspaceId, h.sb.rf.apiKey, ADMIN);
    await s.click(W.connectCheck);
    expect(optionsOf(s.last, W.campaign.choice)).toHaveLength(2);
  });

  it('when Referral Factory refuses the key mid-wizard, then a message offers Try again and the choices are kept', async () => {
    h = await inboxHarness();
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(W.connectNext, { [W.campaign.choice]: '2' });
    await s.click(W.back);
    await h.deps.installations.connectReferralFactory(h.workspaceId, 'rf_wrong_key', ADMIN);
    await s.click(W.connectNext);
    expect(errorsOf(s.last).join(' ')).toContain('Referral Factory refused the API key');
    expect(find(s.last, W.retry)).toBeDefined();
    await h.deps.installations.connectReferralFactory(h.workspaceId, h.sb.rf.apiKey, ADMIN);
    await s.click(W.retry);
    expect(find(s.last, W.campaign.choice)?.value).toBe('2');
  });

  it('when stored_data comes back tampered with, then the step is refused with a message and nothing is saved', async () => {
    h = await inboxHarness();
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(W.connectNext, { [W.campaign.choice]: '1' });
    const good = s.last.canvas.stored_data;
    for (const forged of [
      { ...good, v: 99 },
      { ...good, workspaceId: 'ws_other' },
      { ...good, draft: { ...good.draft, fields: { email: { source: 'std:password', transform: 'none' } } } },
      'not an object',
    ]) {
      s.forge(forged);
      await s.click(W.audienceNext, { [W.audienceType]: 'all' });
      expect(errorsOf(s.last).join(' ')).toContain('out of date');
      expect(find(s.last, W.restart)).toBeDefined();
    }
    await s.click(W.restart);
    expect(texts(s.last)).toContain('Select Campaign');

    // Well-formed but forged: a segment of no workspace, slipped in at the Overview.
    await s.click(W.connectNext, { [W.campaign.choice]: '2' });
    await s.click(W.audienceNext, { [W.audienceType]: 'all' });
    await s.click(W.fieldsNext);
    await s.click(W.returnsNext);
    const overview = s.last.canvas.stored_data;
    s.forge({ ...overview, draft: { ...overview.draft, audienceKind: 'segment', segmentId: 'seg_forged' } });
    await s.click(W.start);
    expect(errorsOf(s.last).join(' ')).toContain('The chosen segment no longer exists');
    expect((await h.deps.sync.listDefinitions(h.workspaceId))).toEqual([]);
  });

  it('when a teammate who is not an app admin opens or drives the wizard, then it is refused', async () => {
    h = await inboxHarness();
    const admin = h.session({ admin: ADMIN });
    await admin.open();
    await admin.click(CardIds.settings);
    const stored = admin.last.canvas.stored_data;
    const teammate = await h.initialize({ admin: TEAMMATE });
    expect(texts(teammate)).toContain('Ask an app admin');
    expect(find(teammate, CardIds.settings)).toBeUndefined();
    for (const id of [CardIds.settings, W.connectNext, W.start, StatusIds.pause]) {
      const res = await h.submit(id, { admin: TEAMMATE, storedData: stored, inputs: { [W.campaign.choice]: '1' } });
      expect(texts(res)).toContain('Only app admins');
    }
    expect((await h.deps.sync.listDefinitions(h.workspaceId))).toEqual([]);
  });
});
