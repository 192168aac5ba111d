import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, cardFieldId } from '../../canvas/ids.js';
import { ADMIN, TEAMMATE, type InboxHarness, type RestContact, campaignFields, errorsOf, find, inboxHarness, putCampaignSync, texts } from './harness.js';

// "Add as referrer" offered only when it can succeed; a required campaign field the contact lacks
// asked for on the card; no status line the agent did not cause (issue #13, card).

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const RETURNS = { referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count', converted_referrals_count: 'rf_converted_referrals_count' };

/** A sync whose required Company Name comes from a string attribute no seeded contact holds. */
async function withEmptyCompanySource(x: InboxHarness): Promise<string> {
  const name = 'rf_test_company';
  await x.intercomPost('/data_attributes', { name, model: 'contact', data_type: 'string' });
  await putCampaignSync(x, { fieldMapping: campaignFields({ kind: 'custom_attribute', name }), returnMapping: RETURNS });
  return name;
}

const withEmail = async (x: InboxHarness): Promise<RestContact> =>
  (await x.contacts()).find((c) => typeof c.email === 'string' && c.email.includes('@') && c.name)!;

describe('card: adding a referrer', () => {
  it('when the contact has no email, then the card says why instead of offering "Add as referrer", without calling Referral Factory', async () => {
    h = await inboxHarness();
    await putCampaignSync(h, { returnMapping: RETURNS });
    const created = h.sb.intercom.control.createContact({ role: 'lead', email: null, name: 'Nameless Lead' }) as RestContact;
    const noEmail = await h.contact(created.id);
    const before = h.sb.rf.control.stats().requests;
    const card = await h.initialize({ admin: TEAMMATE, contact: noEmail });
    expect(find(card, CardIds.addReferrer)).toBeUndefined();
    expect(texts(card)).toMatch(/has no email/);
    expect(texts(card)).toMatch(/Add an email to the contact in Intercom/);
    expect(h.sb.rf.control.stats().requests).toBe(before);
  });

  it('when a required campaign field is empty on the contact, then the card asks for it and "Add as referrer" sends it with the enrolment', async () => {
    h = await inboxHarness();
    await withEmptyCompanySource(h);
    const contact = await withEmail(h);
    const s = h.session({ admin: TEAMMATE, contact });
    await s.open();
    const input = find(s.last, cardFieldId('company_name'));
    expect(input?.type).toBe('input');
    expect(input?.label).toBe('Company Name *');
    expect(texts(s.last)).toContain('Company Name is empty on this contact; the campaign requires it.');
    expect(find(s.last, CardIds.addReferrer)).toBeDefined();

    // Nothing typed: the input is marked, nothing is enrolled, and the card still asks.
    await s.click(CardIds.addReferrer, { [cardFieldId('company_name')]: '   ' });
    expect(find(s.last, cardFieldId('company_name'))?.save_state).toBe('failed');
    expect(errorsOf(s.last).join(' ')).toContain('Enter the Company Name');
    expect(h.sb.rf.control.getUser(contact.email!, 1)).toBeNull();
    expect(s.last.event).toBeUndefined();

    await s.click(CardIds.addReferrer, { [cardFieldId('company_name')]: 'Acme Rockets' });
    expect(s.last.event).toEqual({ type: 'completed' });
    expect(texts(s.last)).toContain('Added as a referrer');
    const user = h.sb.rf.control.getUser(contact.email!, 1);
    expect(user?.meta).toContainEqual({ field: 'Company Name', value: 'Acme Rockets' });
    expect((await h.contact(contact.id)).custom_attributes.rf_referral_link).toBe(user!.url);
  });

  it('when a required campaign field is a choice list, then the card offers its choices in a dropdown and refuses a value that is not one of them', async () => {
    h = await inboxHarness();
    await putCampaignSync(h, { returnMapping: RETURNS });
    h.sb.rf.control.addCampaignField(1, { id: 'plan', type: 'select', label: 'Plan', value: 'Starter,Pro,Enterprise', required: true });
    const contact = await withEmail(h);
    const s = h.session({ admin: TEAMMATE, contact });
    await s.open();
    const pick = find(s.last, cardFieldId('plan'));
    expect(pick?.type).toBe('dropdown');
    expect(pick?.label).toBe('Plan *');
    expect(pick?.options?.map((o) => o.text)).toEqual(['Starter', 'Pro', 'Enterprise']);

    // A value that is not one of the choices (a forged submit) is asked again, and nothing is sent.
    await s.click(CardIds.addReferrer, { [cardFieldId('plan')]: 'Platinum' });
    expect(find(s.last, cardFieldId('plan'))?.save_state).toBe('failed');
    expect(errorsOf(s.last).join(' ')).toContain('Choose the Plan');
    expect(h.sb.rf.control.getUser(contact.email!, 1)).toBeNull();

    await s.click(CardIds.addReferrer, { [cardFieldId('plan')]: pick!.options![1]!.id });
    expect(texts(s.last)).toContain('Added as a referrer.');
    expect(h.sb.rf.control.getUser(contact.email!, 1)?.meta).toContainEqual({ field: 'Plan', value: 'Pro' });
  });

  it('when a teammate adds a contact from an old card without the value, then the card asks for the field instead of failing', async () => {
    h = await inboxHarness();
    await withEmptyCompanySource(h);
    const contact = await withEmail(h);
    const res = await h.submit(CardIds.addReferrer, { admin: TEAMMATE, contact, storedData: { v: 1, flow: 'card' } });
    expect(find(res, cardFieldId('company_name'))).toBeDefined();
    expect(texts(res)).not.toContain('Could not add');
    expect(h.sb.rf.control.getUser(contact.email!, 1)).toBeNull();
  });

  it('when a conversation is opened and the app brings the contact up to date, then no status line appears; Refresh says what it wrote', async () => {
    h = await inboxHarness();
    await putCampaignSync(h, { returnMapping: RETURNS });
    const contact = await withEmail(h);
    // A referrer in RF whose contact carries none of the values yet: opening reads RF and writes three attributes.
    await h.submit(CardIds.addReferrer, { admin: ADMIN, contact, storedData: { v: 1, flow: 'card' } });
    const enrolled = await h.contact(contact.id);
    h.sb.rf.control.simulateReferral({ referrerEmail: contact.email!, count: 1 });
    const stale = { ...enrolled, custom_attributes: { ...enrolled.custom_attributes, rf_referral_link: null } };
    await h.intercomPut(`/contacts/${contact.id}`, { custom_attributes: { rf_referral_link: null } });
    const opened = await h.initialize({ admin: TEAMMATE, contact: stale });
    expect(texts(opened)).toContain('Referrals');
    expect(texts(opened)).not.toMatch(/Updated \d+ attribute/);
    h.sb.rf.control.simulateReferral({ referrerEmail: contact.email!, count: 1 });
    const refreshed = await h.submit(CardIds.refresh, { admin: TEAMMATE, contact: stale, storedData: opened.canvas.stored_data });
    expect(texts(refreshed)).toMatch(/Updated 1 attribute on the contact/);
  });
});
