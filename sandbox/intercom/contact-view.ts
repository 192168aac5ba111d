import { contactCompanies } from './companies.js';
import type { StoredContact, Workspace } from './model.js';

// Rails' html_escape, which is what Intercom applies to `name` on output (intercom/intercom-java
// #113: "We escape identity attributes like `name` on output in the API"; recorded:
// "Phone &amp; SMS" in NangoHQ/integration-templates integrations/intercom/tests/contacts.test.json).
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => ENTITIES[ch] as string);

const subList = (id: string, what: string) => ({ type: 'list', data: [], url: `/contacts/${id}/${what}`, total_count: 0, has_more: false });

/**
 * A contact as Intercom's REST API returns it, key for key as recorded from the live API
 * (test/contract/fixtures/intercom/README.md): every key present, null when unknown. Not in real
 * answers, though the 2.14 schema lists them: `email_domain`, `formatted_phone`,
 * `enabled_push_messaging`.
 */
export function contactView(ws: Workspace, c: StoredContact, o: { escapeNames: boolean }): Record<string, unknown> {
  return {
    type: 'contact',
    id: c.id,
    workspace_id: ws.id,
    external_id: c.external_id,
    role: c.role,
    email: c.email,
    phone: c.phone,
    name: c.name !== null && o.escapeNames ? escapeHtml(c.name) : c.name,
    avatar: c.avatar,
    owner_id: c.owner_id,
    social_profiles: { type: 'list', data: [] },
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: c.unsubscribed_from_emails,
    created_at: c.created_at,
    updated_at: c.updated_at,
    signed_up_at: c.signed_up_at,
    last_seen_at: c.last_seen_at,
    last_replied_at: null,
    last_contacted_at: null,
    last_email_opened_at: null,
    last_email_clicked_at: null,
    language_override: null,
    browser: null,
    browser_version: null,
    browser_language: null,
    os: null,
    location: { type: 'location', country: null, region: null, city: null, country_code: null, continent_code: null },
    android_app_name: null,
    android_app_version: null,
    android_device: null,
    android_os_version: null,
    android_sdk_version: null,
    android_last_seen_at: null,
    ios_app_name: null,
    ios_app_version: null,
    ios_device: null,
    ios_os_version: null,
    ios_sdk_version: null,
    ios_last_seen_at: null,
    custom_attributes: { ...c.custom_attributes },
    tags: subList(c.id, 'tags'),
    notes: subList(c.id, 'notes'),
    companies: contactCompanies(c),
    opted_out_subscription_types: subList(c.id, 'subscriptions'),
    opted_in_subscription_types: subList(c.id, 'subscriptions'),
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    referrer: null,
    sms_consent: c.sms_consent,
    unsubscribed_from_sms: c.unsubscribed_from_sms,
  };
}
