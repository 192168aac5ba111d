import { afterEach, describe, expect, it } from 'vitest';
import type { SyncDefinition } from '../../src/sync/definition.js';
import { SCOPES } from '../../sandbox/intercom/index.js';
import { installWorkspace } from '../helpers/app.js';
import { eventsHarness, waitFor, type EventsHarness } from './harness.js';

// A referrer who joined through Referral Factory's own page, not from Intercom (issue #15): the RF
// stand-in sends its "new referrer joins" event to the workspace's secret URL over HTTP, the app
// re-reads the user from RF and, when a sync says so, creates or updates the Intercom contact in
// the Intercom stand-in through the official SDK. The stand-in delivers the created contact's own
// notification back to the app, signed, as Intercom does.

let h: EventsHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const RETURNS = { referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count', converted_referrals_count: 'rf_converted_count', referrer_id: 'rf_referrer_id' };

type Row = { id: string; role: string; email: string | null; custom_attributes: Record<string, unknown>; archived: boolean };
const holding = (email: string) => (h!.sb.intercom.control.contacts() as unknown as Row[]).filter((c) => c.email === email && !c.archived);
const rfEvents = async () => (await h!.repos.events.listRecent(h!.workspaceId, 50)).filter((e) => e.source === 'referral_factory');
const icEvents = async () => (await h!.repos.events.listRecent(h!.workspaceId, 50)).filter((e) => e.source === 'intercom');
const settled = (n: number) => waitFor(`${n} RF event(s) finished`, rfEvents, (l) => l.length === n && l.every((e) => e.status === 'processed' || (e.status === 'failed' && e.finishedAt !== null && e.leaseUntil === null)));

/** The app, its RF webhook for new referrers set up in the RF stand-in, and one sync. */
async function setUp(sync: Partial<SyncDefinition>, o: { indexDelay?: number; hooks?: number } = {}) {
  h = await eventsHarness({ intercom: { seed: { contacts: 10, segments: 3, customAttributes: 3 }, behaviour: { searchIndexDelaySeconds: o.indexDelay ?? 0 } } });
  const token = (await h.deps.installations.rfWebhookToken(h.workspaceId, '1'))!;
  // Two webhooks for one event (say, the admin added the same URL twice): RF sends the join twice.
  for (let i = 0; i < (o.hooks ?? 1); i++) {
    h.sb.rf.control.addWebhook({ url: `${h.base}/webhooks/rf/${token}/referrer-joined`, event: 'user.join', campaignId: 1, users: ['person_referring'] });
  }
  const def = await h.putSync({ returnMapping: RETURNS, ...sync });
  return { def, ic: h.sb.intercom.control, rf: h.sb.rf.control };
}

describe('RF-page joiners in Intercom', () => {
  it('when the setting is off (the default) and someone joins on RF’s page, then no Intercom contact is created', async () => {
    const { ic, rf } = await setUp({});
    const before = ic.contacts().length;
    rf.simulateJoin({ campaignId: 1, email: 'off@rf-page.test', firstName: 'Otto' });
    const [e] = await settled(1);
    expect(e!.outcome).toBe('0 referrer contacts updated');
    expect(ic.contacts().length).toBe(before);
  });

  it('when the setting is Lead and someone joins on RF’s page, then a lead is created with the link, counts and RF id; its contact.lead.created is not echoed to RF', async () => {
    const { ic, rf } = await setUp({ newReferrers: 'lead' });
    const joiner = rf.simulateJoin({ campaignId: 1, email: 'lena@rf-page.test', firstName: 'Lena' });
    const [e] = await settled(1);
    expect(e!.outcome).toBe('Created a lead in Intercom (joined on Referral Factory’s page)');
    const [lead, ...more] = holding('lena@rf-page.test');
    expect(more).toEqual([]);
    expect(lead).toMatchObject({ role: 'lead', name: 'Lena' });
    expect(lead!.custom_attributes).toMatchObject({ rf_referral_link: joiner.url, rf_referrals_count: 0, rf_converted_count: 0, rf_referrer_id: String(joiner.id) });
    // The stand-in delivers the creation back to the app: it costs no RF call and no Intercom write.
    const rfCalls = rf.stats().requests;
    const writes = ic.stats().writes;
    const [created] = await waitFor('contact.lead.created stored', icEvents, (l) => l.some((x) => x.topic === 'contact.lead.created' && x.status === 'processed'));
    expect(created!.outcome).toBe("Ignored: the app's own write coming back");
    await new Promise((r) => setTimeout(r, 300));
    expect(rf.stats().requests).toBe(rfCalls);
    expect(ic.stats().writes).toBe(writes);
  });

  it('when the joiner’s email is already an Intercom contact, then that contact is updated and none is created', async () => {
    const { ic, rf } = await setUp({ newReferrers: 'user' });
    const existing = ic.createContact({ role: 'user', email: 'una@rf-page.test', name: 'Una User' }) as { id: string };
    const joiner = rf.simulateJoin({ campaignId: 1, email: 'una@rf-page.test', firstName: 'Una' });
    const [e] = await settled(1);
    expect(e).toMatchObject({ status: 'processed', outcome: '1 referrer contact updated' });
    expect(holding('una@rf-page.test').map((c) => c.id)).toEqual([existing.id]);
    expect(ic.contact(existing.id)!.custom_attributes).toMatchObject({ rf_referral_link: joiner.url, rf_referrer_id: String(joiner.id) });
  });

  it('when RF delivers the same join twice while Intercom’s search cannot see the new lead yet, then one lead is created', async () => {
    const { ic, rf } = await setUp({ newReferrers: 'lead' }, { indexDelay: 180, hooks: 2 });
    rf.simulateJoin({ campaignId: 1, email: 'twice@rf-page.test', firstName: 'Tess' });
    const done = await settled(2);
    expect(done.map((e) => e.outcome).sort()).toEqual([
      'Created a lead in Intercom (joined on Referral Factory’s page)',
      'Unchanged: the Intercom contact made for this referrer is up to date',
    ]);
    expect(holding('twice@rf-page.test')).toHaveLength(1);
    expect(ic.stats().byRoute['POST /contacts']).toBe(1);
  });

  it('when a referrer came from this app’s own sync (RF source Api), then no contact is created, and the event says why', async () => {
    const { ic, rf } = await setUp({ newReferrers: 'lead' });
    // What this app's syncs make through POST /users: RF gives them the source `Api`.
    rf.simulateJoin({ campaignId: 1, email: 'synced@rf-page.test', firstName: 'Sam', source: 'Api' });
    const [e] = await settled(1);
    expect(e!.outcome).toBe('0 referrer contacts updated, not created in Intercom: Referral Factory gives its source as Api, not its own page');
    expect(holding('synced@rf-page.test')).toEqual([]);
    expect(ic.stats().byRoute['POST /contacts'] ?? 0).toBe(0);
  });

  it('when Intercom answers 409 (a user with the email exists, not yet searchable), then that user is updated and recorded, not duplicated', async () => {
    const { ic, rf } = await setUp({ newReferrers: 'user' }, { indexDelay: 180 });
    const fresh = ic.createContact({ role: 'user', email: 'clash@rf-page.test', name: 'Cleo Clash' }) as { id: string };
    const joiner = rf.simulateJoin({ campaignId: 1, email: 'clash@rf-page.test', firstName: 'Cleo' });
    const [e] = await settled(1);
    expect(e!.outcome).toBe('Updated the Intercom contact that already had this email (Intercom answered 409)');
    expect(holding('clash@rf-page.test').map((c) => c.id)).toEqual([fresh.id]);
    expect(ic.contact(fresh.id)!.custom_attributes).toMatchObject({ rf_referral_link: joiner.url });
  });

  it('when the only user with the email is archived, then Intercom’s 409 is kept on the event as a coded failure and nothing is created', async () => {
    const { ic, rf } = await setUp({ newReferrers: 'user' });
    const gone = ic.createContact({ role: 'user', email: 'archived@rf-page.test', name: 'Arch' }) as { id: string };
    ic.archiveContact(gone.id);
    rf.simulateJoin({ campaignId: 1, email: 'archived@rf-page.test', firstName: 'Arch' });
    const [e] = await settled(1);
    expect(e!.status).toBe('failed');
    expect(e!.lastError).toMatch(/^upstream_rejected: Intercom refused to create the contact: an archived contact has this email/);
    expect(holding('archived@rf-page.test')).toEqual([]);
  });

  it('when the app’s token lacks “Write users and companies”, then the event fails with upstream_permission_missing naming it, nothing is created, and the installation stays connected', async () => {
    const { ic, rf } = await setUp({ newReferrers: 'lead' });
    const reader = ic.issueToken(undefined, [SCOPES.readUsers, SCOPES.writeDataAttributes]);
    await installWorkspace(h!.deps, { workspaceId: h!.workspaceId, accessToken: reader, adminId: '1', rfApiKey: h!.sb.rf.apiKey });
    rf.simulateJoin({ campaignId: 1, email: 'noperm@rf-page.test', firstName: 'Nora' });
    const [e] = await settled(1);
    expect(e!.status).toBe('failed');
    expect(e!.lastError).toMatch(/^upstream_permission_missing: .*Write users and companies/);
    expect(holding('noperm@rf-page.test')).toEqual([]);
    expect((await h!.deps.installations.get(h!.workspaceId))!.status).toBe('active');
  });
});
