import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppIds } from '../../canvas/ids.js';
import { createApp } from '../../src/http/app.js';
import { canvasBody, canvasText, canvasVerdict, signedPost, storedDataOf } from '../helpers/canvas.js';
import { eventsHarness, waitFor, type EventsHarness } from './harness.js';

// Referral Factory's outbound webhooks through real HTTP: the RF stand-in posts to the
// workspace's secret URL as RF would (unsigned, keys renamed by the admin); the app stores the
// hint, re-reads the user from RF and writes to the Intercom contacts, without any run.

let h: EventsHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const RETURNS = {
  referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count', converted_referrals_count: 'rf_converted_count',
  referred_by_name: 'rf_referred_by_name', referred_by_email: 'rf_referred_by_email', referred_by_code: 'rf_referred_by_code',
};

const attrs = (id: string) => (h!.sb.intercom.control.contact(id)!.custom_attributes ?? {}) as Record<string, unknown>;
const events = () => h!.repos.events.listRecent(h!.workspaceId, 50);
const rfApi = async (method: string, path: string, body: unknown) => {
  const res = await fetch(`${h!.sb.rf.baseUrl}${path}`, {
    method, body: JSON.stringify(body), headers: { authorization: `Bearer ${h!.sb.rf.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as any };
};

async function setUp(): Promise<{ token: string; url: (kind?: string) => string }> {
  h = await eventsHarness({ register: false });
  const token = (await h.deps.installations.rfWebhookToken(h.workspaceId, '1'))!;
  return { token, url: (kind) => `${h!.base}/webhooks/rf/${token}${kind ? `/${kind}` : ''}` };
}

describe('RF webhooks: the secret URL', () => {
  it('when the secret is wrong, malformed, of another workspace or missing, then 404 and nothing is stored, read or written', async () => {
    const { token, url } = await setUp();
    const rfBefore = h!.sb.rf.control.stats().requests;
    const icBefore = h!.sb.intercom.control.stats().writes;
    const [ws, secret] = token.split('.') as [string, string];
    const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const otherWs = Buffer.from('another_ws').toString('base64url');
    const wrong = [`${ws}.${flipped}`, `${otherWs}.${secret}`, ws, `${ws}.${secret}.x`, 'not-a-token', `${ws}.${secret.slice(1)}`];
    for (const t of wrong) {
      const res = await fetch(`${h!.base}/webhooks/rf/${t}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@example.com' }) });
      expect(res.status, t).toBe(404);
      expect(await res.text()).not.toContain(secret);
    }
    expect((await fetch(`${h!.base}/webhooks/rf/`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(url('not-an-event'), { method: 'POST', body: '{}' })).status).toBe(404);
    expect(await events()).toEqual([]);
    expect(h!.sb.rf.control.stats().requests).toBe(rfBefore);
    expect(h!.sb.intercom.control.stats().writes).toBe(icBefore);
    expect((await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    expect(await events()).toHaveLength(1);
  });

  it('when the secret is rotated, then the old URL gets 404 and the new one works; the stored secret is never the plain one', async () => {
    const { token, url } = await setUp();
    const oldUrl = url('lead-created');
    const fresh = (await h!.deps.installations.rotateRfWebhook(h!.workspaceId, '1'))!;
    expect(fresh).not.toBe(token);
    expect((await fetch(oldUrl, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${h!.base}/webhooks/rf/${fresh}/lead-created`, { method: 'POST', body: '{}' })).status).toBe(200);
    const stored = JSON.stringify(await h!.repos.installations.get(h!.workspaceId));
    expect(stored).not.toContain(fresh.split('.')[1]);
    expect(stored).not.toContain(token.split('.')[1]);
    expect((await h!.deps.installations.activity(h!.workspaceId, 5)).map((a) => a.kind)).toContain('rf_webhook_rotated');
  });

  it('when a body is too large or a workspace sends past its limit, then 413 / 429 and nothing more is stored', async () => {
    const { url } = await setUp();
    const big = await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.co', pad: 'x'.repeat(100_000) }) });
    expect(big.status).toBe(413);
    expect(await events()).toEqual([]);
    const limited = createApp(h!.deps, { rfWebhooks: { perWorkspacePerMinute: 3 } }).listen(0, '127.0.0.1');
    await once(limited, 'listening');
    const path = new URL(url()).pathname;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`http://127.0.0.1:${(limited.address() as AddressInfo).port}${path}`, { method: 'POST', body: '{}' })).status);
    await new Promise((r) => limited.close(r));
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(await events()).toHaveLength(3);
  });
});

describe('RF webhooks: what events do', () => {
  it('when RF sends new-lead and lead-qualified events with renamed keys, then the referrer’s counts reach the Intercom contact without any run', async () => {
    const { url } = await setUp();
    const def = await h!.putSync({ returnMapping: RETURNS });
    const ic = h!.sb.intercom.control;
    const rf = h!.sb.rf.control;
    const contact = ic.createContact({ role: 'user', email: 'ada@rf-events.test', name: 'Ada Lovelace' });
    const referrer = rf.simulateJoin({ campaignId: 1, email: 'ada@rf-events.test', firstName: 'Ada' });
    // The admin renamed the email, switched the id and code off: only a renamed email names the lead.
    const renamed = { id: false as const, code: false as const, url: false as const, email: 'lead_email_address', referrer_id: 'who_referred' };
    rf.addWebhook({ url: url('lead-created'), event: 'user.join', campaignId: 1, users: ['person_invited'], fields: renamed, headers: [{ key: 'X-Anything', value: '1' }] });
    rf.addWebhook({ url: url('lead-qualified'), event: 'user.qualified', campaignId: 1, fields: renamed });
    rf.simulateReferral({ referrerId: referrer.id, count: 2 });
    await waitFor('2 referrals on the contact', () => attrs(contact.id as string)['rf_referrals_count'], (v) => v === 2);
    const [lead] = rf.simulateReferral({ referrerId: referrer.id, count: 1 });
    rf.qualify(lead!.id);
    await waitFor('3 referrals, 1 converted', () => attrs(contact.id as string), (a) => a['rf_referrals_count'] === 3 && a['rf_converted_count'] === 1);
    expect(attrs(contact.id as string)['rf_referral_link']).toBe(referrer.url);
    expect(await h!.deps.sync.listRuns(def.id)).toEqual([]);
    const done = await waitFor('every event processed', events, (l) => l.length === 4 && l.every((e) => e.status === 'processed'));
    expect(done.map((e) => e.topic).sort()).toEqual(['lead_created', 'lead_created', 'lead_created', 'lead_qualified']);
    expect(JSON.stringify(done)).not.toContain('who_referred');
  });

  it('when a burst of referrals for one referrer arrives at once, then the contact ends with the count RF holds (no older count written last)', async () => {
    const { url } = await setUp();
    await h!.putSync({ returnMapping: RETURNS });
    const contact = h!.sb.intercom.control.createContact({ role: 'user', email: 'burst@rf-events.test', name: 'Bea Burst' });
    const referrer = h!.sb.rf.control.simulateJoin({ campaignId: 1, email: 'burst@rf-events.test', firstName: 'Bea' });
    h!.sb.rf.control.addWebhook({ url: url('lead-created'), event: 'user.join', campaignId: 1, users: ['person_invited'] });
    h!.sb.rf.control.simulateReferral({ referrerId: referrer.id, count: 12 });
    await waitFor('all 12 events processed', events, (l) => l.length === 12 && l.every((e) => e.status === 'processed'), 30_000);
    expect(attrs(contact.id as string)['rf_referrals_count']).toBe(12);
  });

  it('when a referred friend is an Intercom contact, then the friend gets Referred by (name, email, code) and the referrer their count', async () => {
    const { url } = await setUp();
    await h!.putSync({ returnMapping: RETURNS });
    const ic = h!.sb.intercom.control;
    const rf = h!.sb.rf.control;
    const referrerContact = ic.createContact({ role: 'user', email: 'grace@rf-events.test', name: 'Grace Hopper' });
    const friend = ic.createContact({ role: 'lead', email: 'fay.friend@rf-events.test', name: 'Fay Friend' });
    const referrer = rf.simulateJoin({ campaignId: 1, email: 'grace@rf-events.test', firstName: 'Grace' });
    rf.addWebhook({ url: url(), event: 'user.join', campaignId: 1 });
    const made = await rfApi('POST', '/users', { campaign_id: 1, first_name: 'Fay', email: 'fay.friend@rf-events.test', referrer: { field: 'email', value: 'grace@rf-events.test' } });
    expect(made.status).toBe(201);
    const marked = await waitFor('Referred by on the friend', () => attrs(friend.id as string), (a) => a['rf_referred_by_code'] !== undefined);
    expect(marked).toMatchObject({ rf_referred_by_name: 'Grace', rf_referred_by_email: 'grace@rf-events.test', rf_referred_by_code: referrer.code });
    expect(marked['rf_referral_link']).toBeUndefined();
    await waitFor('the referrer’s count', () => attrs(referrerContact.id as string)['rf_referrals_count'], (v) => v === 1);
    const [done] = await waitFor('the event processed', events, (l) => l.length === 1 && l[0]!.status === 'processed');
    expect(done!.outcome).toBe('1 referrer contact updated, 1 referred contact marked');
  });

  it('when the payload names nobody or a user RF does not know, then the event is acknowledged, kept with the reason, and nothing is written', async () => {
    const { url } = await setUp();
    await h!.putSync({ returnMapping: RETURNS });
    const writes = h!.sb.intercom.control.stats().writes;
    const post = (body: string, type = 'application/json') => fetch(url('referrer-joined'), { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post(JSON.stringify({ hello: 'world' }))).status).toBe(200);
    expect((await post('id=999999&email=ghost%40nowhere.test', 'application/x-www-form-urlencoded')).status).toBe(200);
    expect((await post('not json at all', 'text/plain')).status).toBe(200);
    const done = await waitFor('all processed', events, (l) => l.length === 3 && l.every((e) => e.status === 'processed'));
    expect(done.map((e) => e.outcome).sort()).toEqual([
      'Ignored: Referral Factory has no such user in a synced campaign',
      'Ignored: the payload names no user (send the id, code or email)',
      'Ignored: the payload names no user (send the id, code or email)',
    ]);
    expect(h!.sb.intercom.control.stats().writes).toBe(writes);
  });
});

describe('RF webhooks: App settings', () => {
  const SETTINGS = { v: 1, flow: 'app-settings' };
  const submit = async (componentId: string, storedData: unknown = SETTINGS) => {
    const res = await signedPost(h!.app, '/canvas/submit', canvasBody({ admin: '1', componentId, storedData }), h!.secret);
    expect(res.status).toBe(200);
    expect(canvasVerdict(res.body, 'submit').errors).toEqual([]);
    return res.body;
  };
  const pageLink = (body: unknown) =>
    String((body as { canvas: { content: { components: Array<{ id: string; action?: { url?: string } }> } } }).canvas.content.components.find((c) => c.id === AppIds.rfWebhookLink)?.action?.url);

  it('when an app admin opens App settings, then it says when each kind of RF event last arrived and links to a one-view page with the URLs, never the secret itself', async () => {
    const { token, url } = await setUp();
    const secret = token.split('.')[1]!;
    expect((await fetch(url('lead-created'), { method: 'POST', body: '{}' })).status).toBe(200);
    await waitFor('the event processed', events, (l) => l.length === 1 && l[0]!.status === 'processed');
    const body = await submit(AppIds.settings);
    const text = canvasText(body);
    expect(text).toContain('new referrer never, new lead just now, lead qualified never');
    expect(JSON.stringify(body)).not.toContain(secret);
    const link = pageLink(body);
    expect(link).toMatch(/\/setup\/rf-webhooks\?token=/);
    const page = await fetch(link.replace(/^https?:\/\/[^/]+/, h!.base));
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    for (const kind of ['referrer-joined', 'lead-created', 'lead-qualified']) expect(html).toContain(`/webhooks/rf/${token}/${kind}`);
    expect(html).toContain('A new lead is created');
    const again = await fetch(link.replace(/^https?:\/\/[^/]+/, h!.base));
    expect(again.status).toBe(400);
    expect(await again.text()).not.toContain(secret);
  });

  it('when an app admin replaces the webhook URLs (after confirming), then the old URLs get 404 and the page shows new ones', async () => {
    const { token, url } = await setUp();
    const confirm = await submit(AppIds.rotateRfWebhook);
    expect(canvasText(confirm)).toContain('Replace the webhook URLs?');
    expect(await h!.deps.installations.rfWebhookToken(h!.workspaceId, '1')).toBe(token);
    const done = await submit(AppIds.rotateRfWebhookConfirm, storedDataOf(confirm));
    expect(canvasText(done)).toContain('the old webhook URLs no longer work');
    expect((await fetch(url('lead-created'), { method: 'POST', body: '{}' })).status).toBe(404);
    const page = await (await fetch(pageLink(done).replace(/^https?:\/\/[^/]+/, h!.base))).text();
    expect(page).not.toContain(token);
    expect(page).toMatch(/\/webhooks\/rf\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}\/lead-created/);
  });
});
