import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { Contact, ContactList, DataAttribute, ErrorBody, SegmentList } from '../contract/intercom-openapi.js';

let sb: IntercomSandbox;
const api = (path: string, init: RequestInit = {}, token = sb.accessToken) =>
  fetch(`${sb.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json', ...init.headers } });

beforeAll(async () => {
  sb = await startIntercomSandbox({ seed: { contacts: 120 } });
});
afterAll(() => sb.close());

describe('Intercom stand-in response shapes (OpenAPI 2.14)', () => {
  it('when a contact is read, then it carries every documented key with the documented types', async () => {
    const first = (await (await api('/contacts?per_page=1')).json()).data[0];
    const res = await api(`/contacts/${first.id}`);
    expect(Contact.safeParse(await res.json()).error).toBeUndefined();
  });

  it('when contacts are listed, then the page matches contact_list with cursor pages', async () => {
    const body = await (await api('/contacts?per_page=50')).json();
    expect(ContactList.safeParse(body).error).toBeUndefined();
    expect(body.pages.next.starting_after).toEqual(expect.any(String));
    expect(body.total_count).toBe(120);
  });

  it('when segments are listed with counts, then the body matches segment_list', async () => {
    const body = await (await api('/segments?include_count=true')).json();
    expect(SegmentList.safeParse(body).error).toBeUndefined();
    expect(body.segments).toHaveLength(25);
  });

  it('when data attributes are listed and one is created, then both match data_attribute', async () => {
    const list = await (await api('/data_attributes?model=contact')).json();
    for (const a of list.data) expect(DataAttribute.safeParse(a).error).toBeUndefined();
    const created = await api('/data_attributes', { method: 'POST', body: JSON.stringify({ name: 'rf_referral_link', model: 'contact', data_type: 'string' }) });
    expect(created.status).toBe(200);
    expect(DataAttribute.safeParse(await created.json()).error).toBeUndefined();
  });

  it('when the token is wrong, then the 401 is an error.list with a request id and no rate-limit headers', async () => {
    const res = await api('/contacts', {}, 'nope');
    expect(res.status).toBe(401);
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    const body = await res.json();
    expect(ErrorBody.safeParse(body).error).toBeUndefined();
    expect(body.errors[0]).toEqual({ code: 'unauthorized', message: 'Access Token Invalid' });
  });
});
