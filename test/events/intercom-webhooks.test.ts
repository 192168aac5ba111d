import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsHarness, waitFor, type EventsHarness } from './harness.js';

// Intercom's webhooks through real HTTP: the stand-in delivers every change to the app's one URL,
// signed with the client secret; the app stores each event before answering, then processes it.

const SECRET = 'sandbox-client-secret';
const signed = (raw: string, secret = SECRET) => `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`;

let h: EventsHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const post = (raw: string, headers: Record<string, string>) =>
  fetch(h!.webhookUrl, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', ...headers } });

const notification = (over: Record<string, unknown> = {}) => JSON.stringify({
  type: 'notification_event', app_id: h!.workspaceId, id: 'notif_1', topic: 'contact.user.created', created_at: 1_790_000_000,
  data: { type: 'notification_event_data', item: { type: 'contact', id: 'c_1', role: 'user', updated_at: 1_790_000_000 } }, ...over,
});

const rfUser = (email: string) => h!.sb.rf.control.listUsers({ email })[0] ?? null;

describe('Intercom webhooks: the endpoint', () => {
  it('when a notification is unsigned, forged or signed with another secret, then it is refused with 401 and nothing is stored', async () => {
    h = await eventsHarness({ register: false });
    const raw = notification();
    expect((await post(raw, {})).status).toBe(401);
    expect((await post(raw, { 'x-hub-signature': 'sha1=' + '0'.repeat(40) })).status).toBe(401);
    expect((await post(raw, { 'x-hub-signature': signed(raw, 'another-secret') })).status).toBe(401);
    expect((await post(raw, { 'x-hub-signature': signed(raw).replace('sha1=', 'sha256=') })).status).toBe(401);
    expect((await post(raw + ' ', { 'x-hub-signature': signed(raw) })).status).toBe(401);
    expect(await h.repos.events.listRecent(h.workspaceId, 10)).toEqual([]);
    expect((await post(raw, { 'x-hub-signature': signed(raw) })).status).toBe(200);
    expect(await h.repos.events.listRecent(h.workspaceId, 10)).toHaveLength(1);
  });

  it('when Intercom validates the URL, sends a ping, or names an app that is not installed, then it gets 200 and nothing is stored', async () => {
    h = await eventsHarness({ register: false });
    expect((await fetch(h.webhookUrl, { method: 'HEAD' })).status).toBe(200);
    const ping = notification({ topic: 'ping', id: null, data: { item: { type: 'ping', message: 'hi' } } });
    expect((await post(ping, { 'x-hub-signature': signed(ping) })).status).toBe(200);
    const stranger = notification({ app_id: 'not_installed' });
    expect((await post(stranger, { 'x-hub-signature': signed(stranger) })).status).toBe(200);
    expect(await h.repos.events.listRecent(h.workspaceId, 10)).toEqual([]);
    expect(await h.repos.events.listRecent('not_installed', 10)).toEqual([]);
    const junk = '{"type":"notification_event"}';
    expect((await post(junk, { 'x-hub-signature': signed(junk) })).status).toBe(400);
    const huge = notification({ padding: 'x'.repeat(300_000) });
    expect((await post(huge, { 'x-hub-signature': signed(huge) })).status).toBe(413);
  });

  it('when the stand-in registers the URL, then it checks it with HEAD first, and refuses a URL that does not answer', async () => {
    h = await eventsHarness({ register: false });
    await expect(h.sb.intercom.control.registerWebhook(`${h.base}/nope`)).rejects.toThrow(/HEAD with 404/);
    await h.sb.intercom.control.registerWebhook(h.webhookUrl);
    expect(h.sb.intercom.control.webhooks().url).toBe(h.webhookUrl);
  });
});

describe('Intercom webhooks: what events do', () => {
  it('when a contact is created in a synced segment, then it is enrolled and gets its link without any run; one outside the segment is not', async () => {
    h = await eventsHarness();
    const def = await h.putSync({ audience: { kind: 'segment', segmentId: 'seg_001', segmentName: 'First' } });
    const ic = h.sb.intercom.control;
    const inside = ic.createContact({ role: 'user', email: 'new.user@events.test', name: 'Nia New', segmentIds: ['seg_001'] });
    const outside = ic.createContact({ role: 'user', email: 'other.user@events.test', name: 'Olu Other', segmentIds: ['seg_002'] });
    const link = await waitFor('the link on the contact', () => (ic.contact(inside.id as string)!.custom_attributes as Record<string, unknown>)['rf_referral_link']);
    expect(link).toBe(rfUser('new.user@events.test')!.url);
    await waitFor('both events processed', async () => (await h!.repos.events.listRecent(h!.workspaceId, 20)).filter((e) => e.topic === 'contact.user.created' && e.status === 'processed').length, (n) => n === 2);
    expect(rfUser('other.user@events.test')).toBeNull();
    expect(await h.deps.sync.listRuns(def.id)).toEqual([]);
    const outcomes = (await h.repos.events.listRecent(h.workspaceId, 20)).map((e) => e.outcome);
    expect(outcomes).toContain('Enrolled in Customer Referral Program');
    expect(outcomes).toContain('Ignored: not in the audience of any ongoing sync');
  });

  it("when the app's own write comes back as contact.user.updated, then it causes no RF call and no Intercom write", async () => {
    h = await eventsHarness();
    await h.putSync();
    const ic = h.sb.intercom.control;
    const c = ic.createContact({ role: 'user', email: 'echo@events.test', name: 'Eco Echo' });
    await waitFor('the echo of the link write processed', async () =>
      (await h!.repos.events.listRecent(h!.workspaceId, 20)).find((e) => e.topic === 'contact.user.updated' && e.status === 'processed'));
    const rfBefore = h.sb.rf.control.stats().requests;
    const writesBefore = ic.stats().writes;
    const echo = (await h.repos.events.listRecent(h.workspaceId, 20)).find((e) => e.topic === 'contact.user.updated')!;
    expect(echo.outcome).toBe("Ignored: the app's own write coming back");
    // A person's own change afterwards is not an echo: it is processed (and finds nothing to change in RF's fields here).
    // (Later than the app's write: in the same second it would be taken for the echo, see echo-guard.ts.)
    ic.advance(2);
    ic.updateContact(c.id as string, { phone: '+44 20 7946 0000' });
    await waitFor('the person’s change processed', async () =>
      (await h!.repos.events.listRecent(h!.workspaceId, 20)).filter((e) => e.topic === 'contact.user.updated' && e.status === 'processed').length, (n) => n === 2);
    expect(ic.stats().writes).toBe(writesBefore + 1); // the person's own write, nothing from the app
    expect(h.sb.rf.control.stats().requests).toBeGreaterThan(rfBefore); // processed: the referrer is looked up
    const rfAfterPerson = h.sb.rf.control.stats().requests;
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sb.rf.control.stats().requests).toBe(rfAfterPerson);
    expect(ic.stats().writes).toBe(writesBefore + 1);
  });

  it('when Intercom delivers every notification twice, then each is stored once and processed once', async () => {
    h = await eventsHarness({ intercom: { behaviour: { searchIndexDelaySeconds: 0, webhookDelivery: 'twice' } } });
    await h.putSync();
    h.sb.intercom.control.createContact({ role: 'lead', email: 'twice@events.test', name: 'Tw Ice' });
    await waitFor('both deliveries of the created event', () =>
      h!.sb.intercom.control.webhooks().deliveries.filter((d) => d.topic === 'contact.lead.created' && d.result === 200).length, (n) => n === 2);
    const created = await waitFor('the created event processed', async () =>
      (await h!.repos.events.listRecent(h!.workspaceId, 20)).filter((e) => e.topic === 'contact.lead.created'), (l) => l.length === 1 && l[0]!.status === 'processed');
    expect(created[0]!.attempts).toBe(1);
    expect(h.sb.rf.control.stats().byRoute['POST /users']).toBe(1);
  });

  it('when an older notification about a contact arrives after a newer one, then it is stored as stale and does nothing', async () => {
    h = await eventsHarness({ register: false });
    await h.putSync();
    const newer = notification({ id: 'notif_new', topic: 'contact.user.updated', data: { item: { type: 'contact', id: 'c_9', updated_at: 200 } } });
    const older = notification({ id: 'notif_old', topic: 'contact.user.updated', data: { item: { type: 'contact', id: 'c_9', updated_at: 100 } } });
    expect(await (await post(newer, { 'x-hub-signature': signed(newer) })).json()).toMatchObject({ result: 'stored' });
    expect(await (await post(older, { 'x-hub-signature': signed(older) })).json()).toMatchObject({ result: 'stale' });
    expect(await (await post(older, { 'x-hub-signature': signed(older) })).json()).toMatchObject({ result: 'duplicate' });
  });

  it('when a lead is merged into a user, then the surviving user gets the link and counts of the referrer', async () => {
    h = await eventsHarness();
    await h.putSync({ audience: { kind: 'users' }, returnMapping: { referral_link: 'rf_referral_link', referrals_count: 'rf_referrals' } });
    const ic = h.sb.intercom.control;
    const lead = ic.createContact({ role: 'lead', email: 'merge@events.test', name: 'Mer Ge' });
    const user = ic.createContact({ role: 'user', email: null, name: 'Mer Ge' });
    ic.mergeContacts(lead.id as string, user.id as string);
    const attrs = await waitFor('the link on the surviving user', () => ic.contact(user.id as string)!.custom_attributes as Record<string, unknown>, (a) => !!a['rf_referral_link']);
    expect(attrs).toMatchObject({ rf_referral_link: rfUser('merge@events.test')!.url, rf_referrals: 0 });
  });

  it('when an enrolled contact is archived, then a sync that keeps referrers keeps it and one that removes them removes it from the campaign', async () => {
    h = await eventsHarness();
    const def = await h.putSync();
    const ic = h.sb.intercom.control;
    const kept = ic.createContact({ role: 'user', email: 'kept@events.test', name: 'Kep T' });
    const gone = ic.createContact({ role: 'user', email: 'gone@events.test', name: 'Gon E' });
    await waitFor('both enrolled', async () => (rfUser('kept@events.test') && rfUser('gone@events.test')) || JSON.stringify((await h!.repos.events.listRecent(h!.workspaceId, 30)).map((e) => [e.topic, e.status, e.outcome, e.lastError])) + JSON.stringify(h!.sb.rf.control.listUsers({}).map((u) => u.email)), (v) => typeof v !== 'string');
    ic.archiveContact(kept.id as string);
    await waitFor('the archive processed', async () => (await h!.repos.events.listRecent(h!.workspaceId, 30)).find((e) => e.topic === 'contact.archived' && e.status === 'processed'));
    expect(rfUser('kept@events.test')).not.toBeNull();
    await h.repos.definitions.put({ ...def, onContactGone: 'remove' });
    ic.archiveContact(gone.id as string);
    await waitFor('the referrer removed', () => rfUser('gone@events.test'), (u) => u === null);
    const archived = await waitFor('both archives processed', async () => (await h!.repos.events.listRecent(h!.workspaceId, 30)).filter((e) => e.topic === 'contact.archived'),
      (l) => l.every((e) => e.status === 'processed'));
    const outcomes = archived.map((e) => e.outcome);
    expect(outcomes).toEqual(['Removed from Customer Referral Program', 'Kept in Referral Factory (the sync keeps referrers whose contact is gone)']);
  });

  it('when an enrolled contact is deleted, then the removal policy applies with the email the notice carries, and keeps the referrer when it carries none', async () => {
    h = await eventsHarness();
    await h.putSync({ onContactGone: 'remove' });
    const ic = h.sb.intercom.control;
    const minimal = ic.createContact({ role: 'user', email: 'minimal@events.test', name: 'Min Imal' });
    const full = ic.createContact({ role: 'user', email: 'full@events.test', name: 'Ful L' });
    await waitFor('both enrolled', () => rfUser('minimal@events.test') && rfUser('full@events.test'));
    ic.deleteContact(minimal.id as string);
    await waitFor('the minimal deletion processed', async () => (await h!.repos.events.listRecent(h!.workspaceId, 30)).find((e) => e.topic === 'contact.deleted' && e.status === 'processed'));
    expect(rfUser('minimal@events.test')).not.toBeNull();
    ic.setBehaviour({ deletedPayload: 'full' });
    ic.deleteContact(full.id as string);
    await waitFor('the referrer removed', () => rfUser('full@events.test'), (u) => u === null);
  });

  it('when an enrolled contact leaves the synced segment, then a sync that removes referrers removes it and clears its link; one that keeps them keeps it', async () => {
    h = await eventsHarness();
    const def = await h.putSync({ audience: { kind: 'segment', segmentId: 'seg_001', segmentName: 'First' }, onContactGone: 'remove' });
    const ic = h.sb.intercom.control;
    const leaving = ic.createContact({ role: 'user', email: 'leaving@events.test', name: 'Lea Ving', segmentIds: ['seg_001'] });
    const staying = ic.createContact({ role: 'user', email: 'staying@events.test', name: 'Sta Ying', segmentIds: ['seg_001'] });
    await waitFor('both enrolled', () => rfUser('leaving@events.test') && rfUser('staying@events.test'));
    await waitFor('both links on the contacts', () => [leaving, staying].every((c) => (ic.contact(c.id as string)!.custom_attributes as Record<string, unknown>)['rf_referral_link']));
    // Intercom recomputes segments when an attribute changes: the change is what the webhook tells.
    ic.advance(2);
    ic.setSegmentMembership(leaving.id as string, 'seg_001', false);
    ic.updateContact(leaving.id as string, { phone: '+44 20 7946 0001' });
    ic.updateContact(staying.id as string, { phone: '+44 20 7946 0002' });
    await waitFor('the referrer removed', () => rfUser('leaving@events.test'), (u) => u === null);
    const attrs = await waitFor('the link cleared', () => ic.contact(leaving.id as string)!.custom_attributes as Record<string, unknown>, (a) => a['rf_referral_link'] === null || a['rf_referral_link'] === undefined);
    expect(attrs['rf_referral_link'] ?? null).toBeNull();
    expect(rfUser('staying@events.test')).not.toBeNull();
    const outcomes = (await waitFor('the updates processed', async () => (await h!.repos.events.listRecent(h!.workspaceId, 40))
      .filter((e) => e.topic === 'contact.user.updated' && e.status === 'processed' && !e.outcome?.includes("app's own")), (l) => l.length >= 2)).map((e) => e.outcome);
    expect(outcomes).toContain('Removed from Customer Referral Program: no longer in its audience');

    // Keeping is the default: a contact leaving the audience of a sync that keeps referrers stays in RF.
    await h.repos.definitions.put({ ...def, onContactGone: 'keep' });
    ic.advance(2);
    ic.setSegmentMembership(staying.id as string, 'seg_001', false);
    ic.updateContact(staying.id as string, { phone: '+44 20 7946 0003' });
    await waitFor('the second update processed', async () => (await h!.repos.events.listRecent(h!.workspaceId, 40))
      .filter((e) => e.topic === 'contact.user.updated' && e.outcome === 'Ignored: not in the audience of any ongoing sync').length, (n) => n >= 1);
    expect(rfUser('staying@events.test')).not.toBeNull();
  });

  it('when a lead of a leads-only sync signs up, then the removal policy applies; a contact that never was in the audience is not looked up in RF', async () => {
    h = await eventsHarness();
    await h.putSync({ audience: { kind: 'leads' }, onContactGone: 'remove' });
    const ic = h.sb.intercom.control;
    const lead = ic.createContact({ role: 'lead', email: 'signing@events.test', name: 'Sig Ning' });
    await waitFor('the lead enrolled with its link', () => (ic.contact(lead.id as string)!.custom_attributes as Record<string, unknown>)['rf_referral_link']);
    ic.advance(2);
    ic.signUpLead(lead.id as string);
    await waitFor('the referrer removed', () => rfUser('signing@events.test'), (u) => u === null);

    const rfBefore = h.sb.rf.control.stats().requests;
    ic.advance(2);
    const user = ic.createContact({ role: 'user', email: 'never@events.test', name: 'Nev Er' });
    ic.updateContact(user.id as string, { phone: '+44 20 7946 0004' });
    await waitFor('the user events processed', async () => (await h!.repos.events.listRecent(h!.workspaceId, 40))
      .filter((e) => e.subjectId === user.id && e.status === 'processed').length, (n) => n === 2);
    expect(h.sb.rf.control.stats().requests).toBe(rfBefore);
    expect(rfUser('never@events.test')).toBeNull();
  });

  it('when Intercom fails to tell the segments of a contact that left, then nothing is removed until a retry reads them', async () => {
    h = await eventsHarness();
    await h.putSync({ audience: { kind: 'segment', segmentId: 'seg_001', segmentName: 'First' }, onContactGone: 'remove' });
    const ic = h.sb.intercom.control;
    const c = ic.createContact({ role: 'user', email: 'flaky@events.test', name: 'Fla Ky', segmentIds: ['seg_001'] });
    await waitFor('the link on the contact', () => (ic.contact(c.id as string)!.custom_attributes as Record<string, unknown>)['rf_referral_link']);
    ic.injectFaults({ status: 503, count: 1_000, match: `GET /contacts/${c.id as string}/segments` });
    ic.advance(2);
    ic.setSegmentMembership(c.id as string, 'seg_001', false);
    ic.updateContact(c.id as string, { phone: '+44 20 7946 0005' });
    await waitFor('a failed attempt', async () => (await h!.repos.events.listRecent(h!.workspaceId, 40)).find((e) => e.topic === 'contact.user.updated' && e.lastError), Boolean, 30_000);
    expect(rfUser('flaky@events.test')).not.toBeNull();
    ic.clearFaults();
    await waitFor('the referrer removed by a retry', () => rfUser('flaky@events.test'), (u) => u === null, 30_000);
  }, 60_000);
});
