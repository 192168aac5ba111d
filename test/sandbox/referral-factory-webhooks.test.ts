import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import type { ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { listen } from '../../sandbox/shared/listen.js';

interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
}

let sb: ReferralFactorySandbox;
let receiver: { url: string; close(): Promise<void> };
let received: Received[] = [];
let answer = 200;

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sb.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${sb.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sb.url}/_sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const on = (path: string) => received.filter((r) => r.path === path);

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.all('/{*any}', (req, res) => {
    received.push({ method: req.method, path: req.path, headers: req.headers, query: req.query as Record<string, unknown>, body: (req.body ?? {}) as Record<string, unknown> });
    res.status(answer).json({ ok: answer < 300 });
  });
  receiver = await listen(app, '127.0.0.1', 0);
  sb = await startReferralFactorySandbox({ seed: { referrerEmails: ['ref@example.com'] } });
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});
beforeEach(() => {
  received = [];
  answer = 200;
  for (const w of sb.control.listWebhooks()) sb.control.removeWebhook(w.id);
});

describe('Referral Factory stand-in: outbound webhooks', () => {
  it('when a referral is simulated, then the "new lead" webhook gets an unsigned POST with the lead as default keys', async () => {
    sb.control.addWebhook({ name: 'Leads', url: `${receiver.url}/leads`, event: 'user.join', campaignId: 1, users: ['person_invited'] });
    sb.control.addWebhook({ name: 'Referrers', url: `${receiver.url}/referrers`, event: 'user.join', campaignId: 1, users: ['person_referring'] });
    const [lead] = sb.control.simulateReferral({ referrerEmail: 'ref@example.com' });
    await sb.control.settleWebhooks();
    expect(on('/referrers')).toHaveLength(0);
    const [hit] = on('/leads');
    expect(hit?.method).toBe('POST');
    expect(hit?.headers['content-type']).toMatch(/application\/json/);
    expect(Object.keys(hit?.headers ?? {}).filter((h) => /signature|hmac/i.test(h))).toEqual([]);
    expect(hit?.body).toMatchObject({ id: lead!.id, email: lead!.email, code: lead!.code, referrer_id: lead!.referrer_id, type: 'person_invited', source: 'Referred', campaign_id: 1 });
    expect(sb.control.webhookDeliveries().at(-1)).toMatchObject({ webhookId: expect.any(String), event: 'user.join', userId: lead!.id, result: 200 });
  });

  it('when the admin renames keys, switches fields off and adds hidden fields and headers, then the payload and headers follow', async () => {
    sb.control.addWebhook({
      url: `${receiver.url}/custom`, event: 'user.join', campaignId: 1,
      fields: { email: 'email_address', code: 'ref_code', id: false, url: false, referrer_id: 'referred_by' },
      hidden: [{ key: 'origin', value: 'rf' }],
      headers: [{ key: 'X-Token', value: 'abc' }, { key: 'X-Env', value: 'test' }],
    });
    const [lead] = sb.control.simulateReferral({ referrerEmail: 'ref@example.com' });
    await sb.control.settleWebhooks();
    const [hit] = on('/custom');
    expect(hit?.headers['x-token']).toBe('abc');
    expect(hit?.headers['x-env']).toBe('test');
    expect(hit?.body).toMatchObject({ email_address: lead!.email, ref_code: lead!.code, referred_by: lead!.referrer_id, origin: 'rf' });
    for (const gone of ['id', 'email', 'code', 'url', 'referrer_id']) expect(hit?.body).not.toHaveProperty(gone);
  });

  it('when more than 3 headers, a non-https URL off this machine or an event it does not send is asked for, then the webhook is refused', () => {
    const headers = [1, 2, 3, 4].map((n) => ({ key: `X-H${n}`, value: 'v' }));
    expect(() => sb.control.addWebhook({ url: `${receiver.url}/x`, event: 'user.join', campaignId: 1, headers })).toThrow(/3 headers/);
    expect(() => sb.control.addWebhook({ url: 'http://example.com/hook', event: 'user.join', campaignId: 1 })).toThrow(/https/);
    expect(() => sb.control.addWebhook({ url: `${receiver.url}/x`, event: 'reward_issued' as never, campaignId: 1 })).toThrow();
    expect(() => sb.control.addWebhook({ url: `${receiver.url}/x`, event: 'user.join', campaignId: 99 })).toThrow(/campaign/);
    expect(sb.control.listWebhooks()).toEqual([]);
  });

  it('when a lead is qualified through the API, then the "lead qualified" webhook fires once, and not again for a lead already qualified', async () => {
    sb.control.addWebhook({ url: `${receiver.url}/qualified`, event: 'user.qualified', campaignId: 1 });
    const [lead] = sb.control.simulateReferral({ referrerEmail: 'ref@example.com' });
    await sb.control.settleWebhooks();
    expect(on('/qualified')).toHaveLength(0);
    expect((await api('PUT', '/users/qualification', { code: lead!.code, qualified: true })).status).toBe(200);
    expect((await api('PUT', '/users/qualification', { code: lead!.code, qualified: true })).status).toBe(200);
    sb.control.qualify(lead!.id);
    await sb.control.settleWebhooks();
    expect(on('/qualified').map((r) => r.body.id)).toEqual([lead!.id]);
    expect(on('/qualified')[0]?.body.qualified_at).toEqual(expect.any(String));
  });

  it('when a referral converts at once, then the lead webhook and the qualified webhook both fire', async () => {
    sb.control.addWebhook({ url: `${receiver.url}/leads`, event: 'user.join', campaignId: 1, users: ['person_invited'] });
    sb.control.addWebhook({ url: `${receiver.url}/qualified`, event: 'user.qualified', campaignId: 1 });
    const [lead] = sb.control.simulateReferral({ referrerEmail: 'ref@example.com', qualified: true });
    await sb.control.settleWebhooks();
    expect(on('/leads').map((r) => r.body.id)).toEqual([lead!.id]);
    expect(on('/qualified').map((r) => r.body.id)).toEqual([lead!.id]);
  });

  it('when a referrer joins through the campaign page, then the "new referrer" webhook fires; a source left out of the filter sends nothing', async () => {
    sb.control.addWebhook({ url: `${receiver.url}/referrers`, event: 'user.join', campaignId: 1, users: ['person_referring'], sources: ['Direct'] });
    const joined = sb.control.simulateJoin({ campaignId: 1, email: 'new.joiner@example.com', firstName: 'Nia' });
    expect(joined).toMatchObject({ type: 'person_referring', source: 'Direct', referrer_id: null });
    const viaApi = await api('POST', '/users', { campaign_id: 1, first_name: 'Api', email: 'api.joiner@example.com', meta: [{ field: 'Company Name', value: 'Acme' }] });
    expect(viaApi.status).toBe(201);
    await sb.control.settleWebhooks();
    expect(on('/referrers').map((r) => r.body.email)).toEqual(['new.joiner@example.com']);
  });

  it('when a user joins another campaign, then a webhook of campaign 1 stays silent', async () => {
    sb.control.addWebhook({ url: `${receiver.url}/c1`, event: 'user.join', campaignId: 1 });
    sb.control.simulateJoin({ campaignId: 2, email: 'partner@example.com', firstName: 'Pat' });
    await sb.control.settleWebhooks();
    expect(on('/c1')).toHaveLength(0);
  });

  it('when the webhook uses GET, then the fields travel in the query string', async () => {
    sb.control.addWebhook({ url: `${receiver.url}/get`, method: 'GET', event: 'user.join', campaignId: 1, fields: { email: 'mail' } });
    const [lead] = sb.control.simulateReferral({ referrerEmail: 'ref@example.com' });
    await sb.control.settleWebhooks();
    const [hit] = on('/get');
    expect(hit?.method).toBe('GET');
    expect(hit?.query).toMatchObject({ mail: lead!.email, id: String(lead!.id) });
  });

  it('when the receiver answers 500, then the delivery is recorded as failed and not retried', async () => {
    answer = 500;
    sb.control.addWebhook({ url: `${receiver.url}/down`, event: 'user.join', campaignId: 1 });
    sb.control.simulateReferral({ referrerEmail: 'ref@example.com' });
    await sb.control.settleWebhooks();
    await new Promise((r) => setTimeout(r, 300));
    expect(on('/down')).toHaveLength(1);
    expect(sb.control.webhookDeliveries().at(-1)?.result).toBe(500);
  });

  it('when webhooks are configured over the control HTTP interface, then they fire and deliveries can be read back', async () => {
    const made = await control('POST', '/webhooks', { name: 'HTTP', url: `${receiver.url}/http`, event: 'user.join', campaignId: 1, users: ['person_referring'] });
    expect(made.status).toBe(200);
    expect((await control('POST', '/webhooks', { url: 'ftp://nope', event: 'user.join', campaignId: 1 })).status).toBe(400);
    const joined = await control('POST', '/joins', { campaignId: 1, email: 'http.joiner@example.com', firstName: 'Hal' });
    expect(joined.body).toMatchObject({ email: 'http.joiner@example.com', type: 'person_referring' });
    await sb.control.settleWebhooks();
    expect(on('/http').map((r) => r.body.email)).toEqual(['http.joiner@example.com']);
    expect((await control('GET', '/webhooks')).body.map((w: { id: string }) => w.id)).toEqual([made.body.id]);
    expect((await control('GET', '/webhook-deliveries')).body.at(-1)).toMatchObject({ webhookId: made.body.id, result: 200 });
    expect((await control('DELETE', `/webhooks/${made.body.id}`)).status).toBe(200);
    expect(sb.control.listWebhooks()).toEqual([]);
  });
});
