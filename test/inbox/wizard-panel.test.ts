import { afterEach, describe, expect, it } from 'vitest';
import { cutOff } from '../../canvas/screens/fit.js';
import { CardIds, SegmentSyncIds, WizardIds, fieldSourceId, fieldTransformId } from '../../canvas/ids.js';
import { estimateCanvasHeight } from '../../canvas/index.js';
import { ADMIN, type InboxHarness, components, find, inboxHarness, optionsOf, putCampaignSync, texts, type Session } from './harness.js';

// The wizard in a 360 px panel (issue #13): nothing cut off, step 2 short, a segment picker that
// pages both ways and chooses a single match by itself.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const W = WizardIds;

/** Clicks, and checks that the panel would show every text of the answer whole. */
async function clickWhole(s: Session, id: string, inputs?: Record<string, unknown>): Promise<any> {
  await s.click(id, inputs);
  expect(cutOff(components(s.last) as never), id).toEqual([]);
  return s.last;
}

describe('wizard in a 360 px panel', () => {
  it('when a four-field campaign is mapped, then step 2 fits in about 600 px, transforms and the empty-First-Name rule sit behind one control and keep their values', async () => {
    h = await inboxHarness();
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(W.connectNext, { [W.campaign.choice]: '1' });
    await s.click(W.audienceNext, { [W.audienceType]: 'all' });
    expect(components(s.last).filter((c) => c.type === 'dropdown')).toHaveLength(4);
    expect(estimateCanvasHeight(components(s.last) as never)).toBeLessThanOrEqual(600);
    expect(find(s.last, fieldTransformId('first_name'))).toBeUndefined();
    expect(texts(s.last)).toContain('First Name: first word. If First Name is empty: use the email before @.');

    await s.click(W.fieldsAdvanced, { [fieldSourceId('company_name')]: 'std:name' });
    expect(find(s.last, fieldTransformId('first_name'))?.value).toBe('first_word');
    expect(find(s.last, W.firstNameFallback)).toBeDefined();
    expect(find(s.last, fieldSourceId('company_name'))?.value).toBe('std:name');
    await s.click(W.fieldsAdvanced, { [fieldTransformId('company_name')]: 'trim' });
    expect(find(s.last, fieldTransformId('company_name'))).toBeUndefined();
    expect(texts(s.last)).toContain('Company Name: trimmed.');
    await s.click(W.fieldsNext);
    await s.click(W.returnsNext);
    expect(s.last.canvas.stored_data.draft.fields.company_name).toEqual({ source: 'std:name', transform: 'trim' });
  });

  it('when names are long, then no step cuts a text off: the Overview wraps what a table cannot hold and long attribute names get their own line', async () => {
    h = await inboxHarness();
    const long = 'referral_program_customer_company_display_name';
    await h.intercomPost('/data_attributes', { name: long, model: 'contact', data_type: 'string' });
    const s = h.session({ admin: ADMIN });
    await s.open();
    await clickWhole(s, CardIds.settings);
    await clickWhole(s, W.connectNext, { [W.campaign.choice]: '1' });
    await clickWhole(s, W.audienceType, { [W.audienceType]: 'segment' });
    await clickWhole(s, W.audienceNext, { [W.segment.choice]: h.sb.intercom.control.segments().find((g) => g.name === 'Active')!.id });
    await clickWhole(s, W.fieldsNext, { [fieldSourceId('company_name')]: 'attr:?' });
    await clickWhole(s, W.attribute.filterGo, { [W.attribute.filter]: 'display_name' });
    await clickWhole(s, W.attributeUse);
    expect(find(s.last, fieldSourceId('company_name'))?.value).toBe(`attr:${long}`);
    await clickWhole(s, W.fieldsNext);
    await clickWhole(s, W.returnsNext);
    await clickWhole(s, W.syncType, { [W.syncType]: 'ongoing' });
    await clickWhole(s, W.preview, { [W.interval]: '15' });
    expect(texts(s.last)).toContain('**Converted Referrals Count:** → rf_converted_referrals_count (new)');
    expect(texts(s.last)).not.toContain('\\\\'); // no Markdown escape shows as a backslash
    expect(texts(s.last)).toContain('**Company Name:** ← referral_program_customer_company_display_name');
  });

  it('when the segment picker is used, then the contact types are capitalised alike, pages go both ways, and a single match is chosen without a placeholder', async () => {
    h = await inboxHarness();
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(W.connectNext, { [W.campaign.choice]: '1' });
    await s.click(W.audienceType, { [W.audienceType]: 'segment' });
    expect(optionsOf(s.last, W.audienceType).map((o) => o.text)).toEqual(['Only Leads', 'Only Users', 'All Contacts', 'A Specific Segment']);
    expect(optionsOf(s.last, W.segment.choice)).toHaveLength(9);
    expect(find(s.last, W.segment.previous)).toBeUndefined();
    await s.click(W.segment.more);
    await s.click(W.segment.more);
    expect(texts(s.last)).toContain('Page 3 of 3');
    expect(find(s.last, W.segment.more)).toBeUndefined();
    await s.click(W.segment.previous);
    expect(texts(s.last)).toContain('Page 2 of 3');

    const only = h.sb.intercom.control.segments().find((g) => g.name === 'Webinar attendees')!;
    await s.click(W.segment.filterGo, { [W.segment.filter]: 'webinar' });
    expect(find(s.last, W.segment.choice)).toBeUndefined();
    expect(texts(s.last)).toContain('Segment: **Webinar attendees');
    expect(texts(s.last)).not.toContain('No other match');
    await s.click(W.audienceNext);
    expect(texts(s.last)).toContain('Map Intercom Fields to Referral Factory');
    expect(s.last.canvas.stored_data.draft.segmentId).toBe(only.id);

    // A segment sync's picker too.
    await putCampaignSync(h);
    const t = h.session({ admin: ADMIN });
    await t.open();
    await t.click(CardIds.syncSegment);
    await t.click(SegmentSyncIds.segment.more);
    await t.click(SegmentSyncIds.segment.previous);
    expect(texts(t.last)).toContain('Page 1 of 3');
    await t.click(SegmentSyncIds.segment.filterGo, { [SegmentSyncIds.segment.filter]: 'webinar' });
    await t.click(SegmentSyncIds.next);
    expect(texts(t.last)).toContain('Webinar attendees');
    expect(t.last.canvas.stored_data.step).toBe('confirm');
  });
});
