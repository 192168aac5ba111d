import { IntercomClient, IntercomError } from 'intercom-client';
import type { Intercom } from 'intercom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES, startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';

// The quirks of real Intercom answers the stand-in reproduces (sandbox/intercom/README.md).
let sb: IntercomSandbox;
const api = (path: string, init: RequestInit = {}, token = sb.accessToken) =>
  fetch(`${sb.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
const json = async (path: string, init: RequestInit = {}, token?: string) => {
  const res = await api(path, init, token);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
type Row = { id: string; role: string; email: string | null; name: string | null };
const rows = () => sb.control.contacts() as unknown as Row[];

beforeAll(async () => {
  sb = await startIntercomSandbox({ seed: { contacts: 40 } });
});
afterAll(() => sb.close());

describe('Intercom stand-in: what real answers look like', () => {
  it('when a contact whose name holds &, \' , " or < is read, then the name comes HTML-escaped, and the control interface keeps it raw', async () => {
    const obrien = rows().find((c) => c.name === "O'Brien & Sons")!;
    const ada = rows().find((c) => c.name === 'Ada "Countess" <Lovelace>')!;
    expect((await json(`/contacts/${obrien.id}`)).body.name).toBe('O&#39;Brien &amp; Sons');
    expect((await json(`/contacts/${ada.id}`)).body.name).toBe('Ada &quot;Countess&quot; &lt;Lovelace&gt;');
    const listed = (await json('/contacts?per_page=150')).body.data as Array<{ id: string; name: string }>;
    expect(listed.find((c) => c.id === obrien.id)?.name).toBe('O&#39;Brien &amp; Sons');
    sb.control.setBehaviour({ escapeNames: false });
    expect((await json(`/contacts/${obrien.id}`)).body.name).toBe("O'Brien & Sons");
    sb.control.setBehaviour({ escapeNames: true });
  });

  it('when the seed is read, then it holds contacts sharing an email (a lead and a user, two users) and a user with an email and no name', () => {
    const byEmail = new Map<string, Row[]>();
    for (const c of rows()) if (c.email) byEmail.set(c.email, [...(byEmail.get(c.email) ?? []), c]);
    const shared = [...byEmail.values()].filter((l) => l.length > 1).map((l) => l.map((c) => c.role).sort().join('+'));
    expect(shared.sort()).toEqual(['lead+user', 'user+user']);
    expect(rows().some((c) => c.role === 'user' && c.email && c.name === null)).toBe(true);
  });

  it('when contacts are read, then avatar is a URL or null and sms_consent / unsubscribed_from_sms are booleans', async () => {
    const data = (await json('/contacts?per_page=40')).body.data as Array<Record<string, unknown>>;
    expect(data.every((c) => c.avatar === null || (typeof c.avatar === 'string' && c.avatar.startsWith('https://')))).toBe(true);
    expect(data.some((c) => typeof c.avatar === 'string')).toBe(true);
    expect(data.every((c) => typeof c.sms_consent === 'boolean' && typeof c.unsubscribed_from_sms === 'boolean')).toBe(true);
    expect(data[0]).not.toHaveProperty('email_domain');
  });

  it('when GET /contacts has no per_page, then it answers 10; an empty search answers total_pages 0; a segment list has no pages', async () => {
    expect((await json('/contacts')).body.pages).toMatchObject({ per_page: 10, page: 1 });
    const empty = await json('/contacts/search', { method: 'POST', body: JSON.stringify({ query: { field: 'email', operator: '=', value: 'nobody@nowhere.test' } }) });
    expect(empty.body).toMatchObject({ data: [], total_count: 0, pages: { page: 1, per_page: 50, total_pages: 0 } });
    expect(empty.body.pages).not.toHaveProperty('next');
    const segments = await json('/segments');
    expect(Object.keys(segments.body).sort()).toEqual(['segments', 'type']);
  });

  it('when a list attribute is written a value outside its options, then PUT answers 400; an option and null are accepted', async () => {
    const tier = sb.control.dataAttributes().find((a) => a.options)!;
    expect(tier).toMatchObject({ name: 'Customer tier', data_type: 'string', options: ['Bronze', 'Silver', 'Gold'] });
    const listed = (await json('/data_attributes?model=contact')).body.data as Array<{ name: string; options?: string[] }>;
    expect(listed.find((a) => a.name === tier.name)?.options).toEqual(['Bronze', 'Silver', 'Gold']);
    const id = rows()[0]!.id;
    const put = (value: unknown) => json(`/contacts/${id}`, { method: 'PUT', body: JSON.stringify({ custom_attributes: { [tier.name]: value } }) });
    const refused = await put('https://rf.example/r/abc');
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ code: 'parameter_invalid', message: expect.stringContaining('Customer tier') });
    expect((await put('Gold')).status).toBe(200);
    expect((await put(null)).status).toBe(200);
  });

  it('when a 429 is injected, then it reads like a real one: "Exceeded rate limit of N in 10_seconds"', async () => {
    sb.control.injectFaults({ status: 429, count: 1, match: 'GET /segments' });
    const res = await json('/segments');
    expect(res.status).toBe(429);
    expect(res.body.errors[0]).toEqual({ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 1666 in 10_seconds' });
  });

  it('when a token lacks the permission a call needs, then it gets 401 token_unauthorized; an unknown token gets 401 unauthorized', async () => {
    const readOnly = sb.control.issueToken(undefined, [SCOPES.readUsers]);
    expect((await json('/contacts?per_page=1', {}, readOnly)).status).toBe(200);
    const write = await json(`/contacts/${rows()[0]!.id}`, { method: 'PUT', body: JSON.stringify({ name: 'x' }) }, readOnly);
    expect(write).toMatchObject({ status: 401, body: { type: 'error.list', errors: [{ code: 'token_unauthorized', message: 'Not authorized to access resource' }] } });
    const create = await json('/data_attributes', { method: 'POST', body: JSON.stringify({ name: 'nope', model: 'contact', data_type: 'string' }) }, readOnly);
    expect(create.body.errors[0].code).toBe('token_unauthorized');
    expect((await json('/admins', {}, readOnly)).body.errors[0].code).toBe('token_unauthorized');
    expect((await json('/me', {}, readOnly)).status).toBe(200);
    expect((await json('/contacts', {}, 'not-a-token')).body.errors[0]).toEqual({ code: 'unauthorized', message: 'Access Token Invalid' });
  });

  it('when admins are listed, then job_title is a string where set and absent otherwise, as the 2.14 schema allows', async () => {
    const client = new IntercomClient({ token: sb.accessToken, baseUrl: sb.url, maxRetries: 0 });
    const { admins = [] } = await client.admins.list();
    const raw = admins as unknown as Array<Record<string, unknown>>;
    expect(raw.find((a) => a.name === 'Ada Admin')?.job_title).toBe('Head of Support');
    expect(raw.filter((a) => a.name !== 'Ada Admin').every((a) => !('job_title' in a))).toBe(true);
    expect(raw.every((a) => a.job_title === undefined || typeof a.job_title === 'string')).toBe(true);
    const me = (await client.admins.identify()) as unknown as Record<string, unknown>;
    expect(me).toMatchObject({ job_title: 'Head of Support', app: { id_code: sb.workspaceId } });
  });

  it('when the SDK meets a refusal, then the error body is an error.list with a 20-character request id', async () => {
    const client = new IntercomClient({ token: sb.accessToken, baseUrl: sb.url, maxRetries: 0 });
    const err = (await client.contacts.find({ contact_id: 'missing' }).catch((e) => e)) as IntercomError;
    expect(err.statusCode).toBe(404);
    expect((err.body as Intercom.Error_).request_id).toMatch(/^[0-9a-v]{20}$/);
  });
});
