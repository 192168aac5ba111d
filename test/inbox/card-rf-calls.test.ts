import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, cardFieldId } from '../../canvas/ids.js';
import { TEAMMATE, type InboxHarness, campaignFields, find, inboxHarness, putCampaignSync, texts } from './harness.js';

// Issue #13: RF calls a person waits for come from a key's budget a running sync spends; the card
// reads the campaign once a minute per process (campaign-cache.ts), not once per card.
let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('RF calls per card', () => {
  it('when an agent opens the cards of three contacts that are not referrers, then RF is asked for the campaign once and about each contact once', async () => {
    h = await inboxHarness();
    await putCampaignSync(h, { fieldMapping: campaignFields(), returnMapping: { referral_link: 'rf_referral_link' } });
    const contacts = (await h.contacts()).filter((c) => typeof c.email === 'string' && c.email.includes('@') && c.name).slice(0, 3);
    expect(contacts).toHaveLength(3);
    h.sb.rf.control.resetStats();
    for (const contact of contacts) expect(texts(await h.initialize({ admin: TEAMMATE, contact }))).toContain('Not a referrer');
    const calls = h.sb.rf.control.stats().byRoute;
    expect(calls['GET /campaigns/{identifier}']).toBe(1);
    expect(calls['POST /users/search']).toBe(3);
    expect(h.sb.rf.control.stats().requests).toBe(4);
  });

  it('when the admin adds a required field to the campaign in RF after a card cached it, then RF refuses the first Add as referrer and the card asks for the field on the next try', async () => {
    h = await inboxHarness();
    await putCampaignSync(h, { fieldMapping: campaignFields(), returnMapping: { referral_link: 'rf_referral_link' } });
    const contact = (await h.contacts()).find((c) => typeof c.email === 'string' && c.email.includes('@') && c.name)!;
    const s = h.session({ admin: TEAMMATE, contact });
    await s.open();
    expect(find(s.last, cardFieldId('plan'))).toBeUndefined();
    // Edited in RF's form builder, within the minute the app keeps the campaign.
    h.sb.rf.control.addCampaignField(1, { id: 'plan', type: 'input', label: 'Plan', value: null, required: true });
    await s.click(CardIds.addReferrer);
    expect(texts(s.last)).toContain('Plan');
    expect(h.sb.rf.control.getUser(contact.email!, 1)).toBeNull();
    const again = h.session({ admin: TEAMMATE, contact });
    await again.open();
    expect(find(again.last, cardFieldId('plan'))).toBeDefined();
    await again.click(CardIds.addReferrer, { [cardFieldId('plan')]: 'Pro' });
    expect(texts(again.last)).toContain('Added as a referrer.');
  });
});
