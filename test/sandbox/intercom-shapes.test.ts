import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';

// Hand-derived from Intercom's OpenAPI 2.14 (`contact`, `contact_list`, `cursor_pages`, `segment_list`,
// `data_attribute`, `error`) where it matches recorded answers, and from the recordings where it does
// not (test/contract/fixtures/intercom/README.md): `avatar` is a URL or null, `email_domain` is
// absent, `sms_consent`/`unsubscribed_from_sms` are present, `request_id` is not a UUID, a segment
// list has no `pages`. Strict: the stand-in emits every recorded key and nothing else.
const nullableString = z.string().nullable();
const nullableInt = z.number().int().nullable();
const SubList = (id: string, what: string) =>
  z.object({ type: z.literal('list'), data: z.array(z.unknown()), url: z.literal(`/contacts/${id}/${what}`), total_count: z.number().int(), has_more: z.boolean() }).strict();
const Contact = z.object({
  type: z.literal('contact'), id: z.string(), workspace_id: z.string(), external_id: nullableString,
  role: z.enum(['user', 'lead']), email: nullableString, phone: nullableString, name: nullableString,
  avatar: z.url().nullable(), owner_id: nullableInt,
  social_profiles: z.object({ type: z.literal('list'), data: z.array(z.unknown()) }).strict(),
  has_hard_bounced: z.boolean(), marked_email_as_spam: z.boolean(), unsubscribed_from_emails: z.boolean(),
  created_at: z.number().int(), updated_at: z.number().int(), signed_up_at: nullableInt, last_seen_at: nullableInt,
  last_replied_at: nullableInt, last_contacted_at: nullableInt, last_email_opened_at: nullableInt, last_email_clicked_at: nullableInt,
  language_override: nullableString, browser: nullableString, browser_version: nullableString, browser_language: nullableString, os: nullableString,
  location: z.object({ type: z.literal('location'), country: nullableString, region: nullableString, city: nullableString, country_code: nullableString, continent_code: nullableString }).strict(),
  android_app_name: nullableString, android_app_version: nullableString, android_device: nullableString, android_os_version: nullableString,
  android_sdk_version: nullableString, android_last_seen_at: nullableInt,
  ios_app_name: nullableString, ios_app_version: nullableString, ios_device: nullableString, ios_os_version: nullableString,
  ios_sdk_version: nullableString, ios_last_seen_at: nullableInt,
  custom_attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  tags: z.unknown(), notes: z.unknown(), companies: z.unknown(), opted_out_subscription_types: z.unknown(), opted_in_subscription_types: z.unknown(),
  utm_campaign: nullableString, utm_content: nullableString, utm_medium: nullableString, utm_source: nullableString, utm_term: nullableString,
  referrer: nullableString, sms_consent: z.boolean(), unsubscribed_from_sms: z.boolean(),
}).strict().superRefine((c, ctx) => {
  for (const [key, what] of [['tags', 'tags'], ['notes', 'notes'], ['companies', 'companies'], ['opted_out_subscription_types', 'subscriptions'], ['opted_in_subscription_types', 'subscriptions']] as const) {
    const r = SubList(c.id, what).safeParse(c[key]);
    if (!r.success) ctx.addIssue({ code: 'custom', path: [key], message: r.error.message });
  }
});
const Pages = z.object({
  type: z.literal('pages'), page: z.number().int(), per_page: z.number().int(), total_pages: z.number().int(),
  next: z.object({ page: z.number().int(), starting_after: z.string() }).strict().optional(),
}).strict();
const ContactList = z.object({ type: z.literal('list'), data: z.array(Contact), total_count: z.number().int(), pages: Pages }).strict();
const SegmentList = z.object({
  type: z.literal('segment.list'),
  segments: z.array(z.object({
    type: z.literal('segment'), id: z.string(), name: z.string(), created_at: z.number().int(), updated_at: z.number().int(),
    person_type: z.enum(['contact', 'user']), count: z.number().int().optional(),
  }).strict()),
}).strict();
const DataAttribute = z.object({
  type: z.literal('data_attribute'), id: z.number().int().optional(), model: z.enum(['contact', 'company']), name: z.string(),
  full_name: z.string(), label: z.string(), description: z.string().optional(), data_type: z.enum(['string', 'integer', 'float', 'boolean', 'date', 'datetime']),
  options: z.array(z.string()).optional(), api_writable: z.boolean(), messenger_writable: z.boolean(), ui_writable: z.boolean(),
  custom: z.boolean(), archived: z.boolean(), created_at: z.number().int().optional(), updated_at: z.number().int().optional(),
  admin_id: z.string().optional(),
}).strict();
const ErrorBody = z.object({
  type: z.literal('error.list'), request_id: z.string().regex(/^[0-9a-v]{20}$/),
  errors: z.array(z.object({ code: z.string(), message: z.string().optional(), field: z.string().optional() }).strict()).min(1),
}).strict();

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
