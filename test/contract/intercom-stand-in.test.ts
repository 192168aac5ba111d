import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SCOPES, startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { intercomFixture } from './fixtures.js';
import { AdminList, Contact, ContactList, DataAttributeList, ErrorBody, SegmentList } from './intercom-openapi.js';
import { shapeDiff } from './shape.js';

// The stand-in answers the requests the recordings answered with the same keys and value types,
// recursively, and both validate against Intercom's OpenAPI 2.14 where the spec is right
// (intercom-openapi.ts lists where it is not).
let sb: IntercomSandbox;
type Row = { id: string; role: string };

beforeAll(async () => {
  sb = await startIntercomSandbox({ seed: { contacts: 30 } });
});
afterAll(() => sb.close());

const send = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
  fetch(`${sb.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? sb.accessToken}`, 'content-type': 'application/json', 'intercom-version': '2.14' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
const idOf = (role: string) => (sb.control.contacts() as Row[]).find((c) => c.role === role)!.id;

const CASES: Array<{ fixture: string; status: number; schema: z.ZodType; request: () => Promise<Response> }> = [
  { fixture: 'contact-list', status: 200, schema: ContactList, request: () => send('/contacts') },
  {
    fixture: 'search-page', status: 200, schema: ContactList,
    request: () => send('/contacts/search', { method: 'POST', body: { query: { field: 'role', operator: 'IN', value: ['user', 'lead'] }, pagination: { per_page: 50 } } }),
  },
  { fixture: 'contact-user', status: 200, schema: Contact, request: () => send(`/contacts/${idOf('user')}`) },
  { fixture: 'contact-lead', status: 200, schema: Contact, request: () => send(`/contacts/${idOf('lead')}`) },
  { fixture: 'segments', status: 200, schema: SegmentList, request: () => send('/segments') },
  { fixture: 'data-attributes', status: 200, schema: DataAttributeList, request: () => send('/data_attributes?model=contact') },
  { fixture: 'admins', status: 200, schema: AdminList, request: () => send('/admins') },
  { fixture: 'error-401-unauthorized', status: 401, schema: ErrorBody, request: () => send('/contacts', { token: 'revoked-or-unknown' }) },
  {
    fixture: 'error-401-token-unauthorized', status: 401, schema: ErrorBody,
    request: () => send(`/contacts/${idOf('user')}`, { method: 'PUT', body: { custom_attributes: { plan: 'x' } }, token: sb.control.issueToken(undefined, [SCOPES.readUsers]) }),
  },
  { fixture: 'error-404-not-found', status: 404, schema: ErrorBody, request: () => send('/contacts/6a03b2c4d6e8f0a2b4c6d8ff') },
  {
    fixture: 'error-429-rate-limited', status: 429, schema: ErrorBody,
    request: () => {
      sb.control.injectFaults({ status: 429, count: 1, match: 'GET /segments' });
      return send('/segments');
    },
  },
  {
    fixture: 'error-400-list-attribute', status: 400, schema: ErrorBody,
    request: () => send(`/contacts/${idOf('user')}`, { method: 'PUT', body: { custom_attributes: { 'Customer tier': 'https://rf.example/r/ab12' } } }),
  },
];

describe('Intercom contract: the stand-in answers like the recordings', () => {
  it.each(CASES)('when the stand-in is asked what $fixture answers, then status, keys and value types match and both fit OpenAPI 2.14', async ({ fixture, status, schema, request }) => {
    const recorded = intercomFixture(fixture);
    expect(schema.safeParse(recorded).error).toBeUndefined();
    const res = await request();
    const answer = await res.json();
    expect(res.status).toBe(status);
    expect(shapeDiff(recorded, answer)).toEqual([]);
    expect(schema.safeParse(answer).error).toBeUndefined();
  });

  it('when two shapes differ, then shapeDiff names the key and the type (the comparison can fail)', () => {
    const recorded = intercomFixture('contact-user');
    const { sms_consent: _gone, ...withoutKey } = recorded;
    expect(shapeDiff(recorded, withoutKey)).toEqual(['$.sms_consent: only in the recording']);
    expect(shapeDiff(recorded, { ...recorded, avatar: { type: 'avatar', image_url: null } })).toEqual(expect.arrayContaining([
      '$.avatar.type: only in the other answer',
      '$.avatar: string in the recording, object in the other answer',
    ]));
    expect(shapeDiff(recorded, { ...recorded, email_domain: 'example.test' })).toEqual(['$.email_domain: only in the other answer']);
  });
});
