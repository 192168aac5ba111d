import { afterEach, describe, expect, it } from 'vitest';
import { CardIds } from '../../canvas/ids.js';
import type { SyncDefinition } from '../../src/sync/definition.js';
import { LIVE_BUDGET_MS } from '../../src/inbox/card/card.js';
import { ADMIN, TEAMMATE, type InboxHarness, type RestContact, campaignFields, errorsOf, find, inboxHarness, putCampaignSync, texts } from './harness.js';

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const RETURNS = { referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count', converted_referrals_count: 'rf_converted_referrals_count' };

/** A saved sync into campaign 1 whose required Company Name comes from `company` (default: the name). */
const withSync = (x: InboxHarness, company?: SyncDefinition['fieldMapping'][number]['from']) =>
  putCampaignSync(x, { fieldMapping: campaignFields(company), returnMapping: RETURNS });

const withEmail = async (x: InboxHarness): Promise<RestContact> =>
  (await x.contacts()).find((c) => typeof c.email === 'string' && c.email.includes('@') && c.name)!;

describe('referral card', () => {
  it('when the workspace is not installed, RF is not connected, or nothing is set up, then a short state says what to do', async () => {
    h = await inboxHarness({ rfConnected: false });
    expect(texts(await h.initialize({ admin: ADMIN }))).toContain('Referral Factory is not connected yet');
    expect(find(await h.initialize({ admin: ADMIN }), CardIds.settings)).toBeDefined();
    const teammate = await h.initialize({ admin: TEAMMATE });
    expect(texts(teammate)).toContain('Ask an app admin to connect it');
    expect(find(teammate, CardIds.settings)).toBeUndefined();
    await h.deps.installations.connectReferralFactory(h.workspaceId, h.sb.rf.apiKey, ADMIN);
    expect(texts(await h.initialize({ admin: TEAMMATE }))).toContain('No campaign is set up yet');
    await withSync(h);
    expect(texts(await h.initialize({ admin: TEAMMATE, contact: null }))).toContain('Open a conversation with a contact');
    await h.deps.installations.uninstall(h.workspaceId);
    expect(texts(await h.initialize({ admin: ADMIN }))).toMatch(/install the app/i);
  });

  it('when a contact is not a referrer, then "Add as referrer" enrols it and writes its link back; opening it again reads the attributes without calling RF', async () => {
    h = await inboxHarness();
    await withSync(h);
    const contact = await withEmail(h);
    const s = h.session({ admin: TEAMMATE, contact });
    await s.open();
    expect(texts(s.last)).toContain('Not a referrer in Customer Referral Program yet');
    await s.click(CardIds.addReferrer);
    expect(s.last.event).toEqual({ type: 'completed' });
    expect(texts(s.last)).toContain('Added as a referrer');
    const referrer = h.sb.rf.control.getUser(contact.email!, 1);
    expect(referrer?.url).toBeTruthy();
    const updated = await h.contact(contact.id);
    expect(updated.custom_attributes.rf_referral_link).toBe(referrer!.url);
    expect(updated.custom_attributes.rf_referrals_count).toBe(0);

    const before = h.sb.rf.control.stats().requests;
    const again = await h.initialize({ admin: TEAMMATE, contact: updated });
    expect(h.sb.rf.control.stats().requests).toBe(before);
    expect(texts(again)).toContain(referrer!.url);
    expect(find(again, CardIds.refresh)).toBeDefined();
    expect(find(again, CardIds.syncSegment)).toBeDefined();

    // Refresh reads RF live and writes back what changed.
    h.sb.rf.control.simulateReferral({ referrerEmail: contact.email!, count: 2, qualified: true });
    const refreshed = await h.submit(CardIds.refresh, { admin: TEAMMATE, contact: updated, storedData: again.canvas.stored_data });
    expect(texts(refreshed)).toContain('"field":"Referrals","value":"2"');
    expect(texts(refreshed)).toContain('Updated');
    expect((await h.contact(contact.id)).custom_attributes.rf_referrals_count).toBe(2);
  });

  it('when the contact holds a link but the sync’s first run is still going, then Last synced says so rather than a bare dash', async () => {
    h = await inboxHarness();
    const def = await withSync(h);
    const contact = { ...(await withEmail(h)) };
    contact.custom_attributes = { ...contact.custom_attributes, rf_referral_link: 'https://rf.example/r/abc', rf_referrals_count: 2 };
    await h.repos.states.update(def.id, (st) => void (st.inFlight = { runId: 'run_first', cursor: null, pageStartedAt: null }));
    expect(texts(await h.initialize({ admin: TEAMMATE, contact }))).toMatch(/"field":"Last synced","value":"Syncing now"/);
    await h.repos.states.update(def.id, (st) => void (st.inFlight = null));
    expect(texts(await h.initialize({ admin: TEAMMATE, contact }))).toMatch(/"field":"Last synced","value":"Not yet"/);
  });

  it('when a contact cannot be enrolled, then the card says exactly why', async () => {
    h = await inboxHarness();
    const attrs: { name: string; custom: boolean; data_type: string }[] = (await h.intercomGet('/data_attributes?model=contact')).data;
    const empty = attrs.find((a) => a.custom && a.data_type === 'string')!.name;
    await withSync(h, { kind: 'custom_attribute', name: empty });
    const contacts = await h.contacts();
    const noCompany = contacts.find((c) => c.email && c.custom_attributes[empty] == null)!;
    const res = await h.submit(CardIds.addReferrer, { admin: TEAMMATE, contact: noCompany, storedData: { v: 1, flow: 'card' } });
    expect(texts(res)).toContain('Company Name is empty on this contact');
    const created = h.sb.intercom.control.createContact({ role: 'lead', email: null, name: 'Nameless Lead' }) as RestContact;
    const noEmail = await h.contact(created.id);
    const card = await h.initialize({ admin: TEAMMATE, contact: noEmail });
    expect(find(card, CardIds.addReferrer)).toBeUndefined();
    // An older card still showing the button: the same explanation, nothing sent.
    const r2 = await h.submit(CardIds.addReferrer, { admin: TEAMMATE, contact: noEmail, storedData: card.canvas.stored_data });
    expect(texts(r2)).toMatch(/has no email/i);
    expect(r2.event).toBeUndefined();

    // Referral Factory refusing the call (here: a key it no longer accepts).
    await h.deps.installations.connectReferralFactory(h.workspaceId, 'rf_revoked_key', ADMIN);
    const withMail = contacts.find((c) => c.email && c.custom_attributes[empty] != null) ?? contacts.find((c) => c.email)!;
    const r3 = await h.submit(CardIds.addReferrer, { admin: TEAMMATE, contact: withMail, storedData: { v: 1, flow: 'card' } });
    expect(errorsOf(r3).join(' ')).toContain('Could not add: Referral Factory refused the API key');
  });

  it('when Referral Factory is too slow, then the card answers within its budget and offers Try again', async () => {
    h = await inboxHarness();
    await withSync(h);
    const contact = await withEmail(h);
    h.sb.rf.control.setLatency(LIVE_BUDGET_MS + 1500);
    const started = Date.now();
    const res = await h.initialize({ admin: TEAMMATE, contact });
    expect(Date.now() - started).toBeLessThan(LIVE_BUDGET_MS + 1000);
    expect(errorsOf(res).join(' ')).toContain('slow to answer');
    expect(find(res, CardIds.refresh)).toBeDefined();
    h.sb.rf.control.setLatency(0);
  });

  it('when Intercom refuses the token, then the card says access was revoked', async () => {
    h = await inboxHarness();
    await withSync(h);
    const contact = await withEmail(h);
    h.sb.intercom.control.revokeToken(h.sb.intercom.accessToken);
    const res = await h.submit(CardIds.refresh, { admin: ADMIN, contact, storedData: { v: 1, flow: 'card' } });
    expect(errorsOf(res).join(' ')).toContain('Access to Intercom was revoked. An app admin must reinstall the app.');
    const next = await h.initialize({ admin: ADMIN, contact });
    expect(texts(next)).toMatch(/revoked/);
  });
});
