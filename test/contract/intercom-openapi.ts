import { z } from 'zod';

/**
 * Intercom's answers as zod schemas, hand-derived from its OpenAPI 2.14 (`contact`, `contact_list`,
 * `cursor_pages`, `segment_list`, `data_attribute`, `admin`, `error`; the description is not copied
 * into the repo: /work/shared/intercom-openapi) where the spec matches what the live API returns, and
 * from recorded answers where it does not (test/contract/fixtures/intercom/README.md, "Where the spec
 * is wrong"): `avatar` is a URL or null (schema: an object), `email` may be null (schema: string),
 * `email_domain` is absent, `sms_consent`/`unsubscribed_from_sms` are present, `pages.next` is
 * `{page, starting_after}`, `request_id` is not a UUID, a segment list has no `pages`, an admin's
 * `job_title` is absent when unset. Strict: every recorded key, nothing else.
 */
const nullableString = z.string().nullable();
const nullableInt = z.number().int().nullable();
const SubList = (id: string, what: string) =>
  z.object({ type: z.literal('list'), data: z.array(z.unknown()), url: z.literal(`/contacts/${id}/${what}`), total_count: z.number().int(), has_more: z.boolean() }).strict();
export const Contact = z.object({
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
export const Pages = z.object({
  type: z.literal('pages'), page: z.number().int(), per_page: z.number().int(), total_pages: z.number().int(),
  next: z.object({ page: z.number().int(), starting_after: z.string() }).strict().optional(),
}).strict();
export const ContactList = z.object({ type: z.literal('list'), data: z.array(Contact), total_count: z.number().int(), pages: Pages }).strict();
export const SegmentList = z.object({
  type: z.literal('segment.list'),
  segments: z.array(z.object({
    type: z.literal('segment'), id: z.string(), name: z.string(), created_at: z.number().int(), updated_at: z.number().int(),
    person_type: z.enum(['contact', 'user']), count: z.number().int().optional(),
  }).strict()),
}).strict();
export const DataAttribute = z.object({
  type: z.literal('data_attribute'), id: z.number().int().optional(), model: z.enum(['contact', 'company']), name: z.string(),
  full_name: z.string(), label: z.string(), description: z.string().optional(), data_type: z.enum(['string', 'integer', 'float', 'boolean', 'date', 'datetime']),
  options: z.array(z.string()).optional(), api_writable: z.boolean(), messenger_writable: z.boolean(), ui_writable: z.boolean(),
  custom: z.boolean(), archived: z.boolean(), created_at: z.number().int().optional(), updated_at: z.number().int().optional(),
  admin_id: z.string().optional(),
}).strict();
export const ErrorBody = z.object({
  type: z.literal('error.list'), request_id: z.string().regex(/^[0-9a-v]{20}$/),
  errors: z.array(z.object({ code: z.string(), message: z.string().optional(), field: z.string().optional() }).strict()).min(1),
}).strict();

export const AdminList = z.object({
  type: z.literal('admin.list'),
  admins: z.array(z.object({
    type: z.literal('admin'), id: z.string(), email: z.string(), name: z.string(), job_title: z.string().optional(),
    away_mode_enabled: z.boolean(), away_mode_reassign: z.boolean(), has_inbox_seat: z.boolean(), team_ids: z.array(z.number().int()),
    team_priority_level: z.object({ primary_team_ids: z.array(z.number().int()).nullish(), secondary_team_ids: z.array(z.number().int()).nullish() }).strict(),
  }).strict()),
}).strict();

export const DataAttributeList = z.object({ type: z.literal('list'), data: z.array(DataAttribute) }).strict();
