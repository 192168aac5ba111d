import type { StoredContact, Workspace } from './model.js';

const emptyList = (type: string, url: string) => ({ type: 'list', data: [], url, total_count: 0, has_more: false });
const emptySubscriptions = () => ({ type: 'list', data: [], url: '', total_count: 0, has_more: false });

/** A contact exactly as Intercom's REST API returns it: every key present, null when unknown. */
export function contactView(ws: Workspace, c: StoredContact, single = false): Record<string, unknown> {
  const email = c.email;
  const view: Record<string, unknown> = {
    type: 'contact',
    id: c.id,
    workspace_id: ws.id,
    external_id: c.external_id,
    role: c.role,
    email,
    email_domain: email && email.includes('@') ? email.trim().split('@')[1] ?? null : null,
    phone: c.phone,
    formatted_phone: c.phone,
    name: c.name,
    avatar: { type: 'avatar', image_url: null },
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
    tags: emptyList('tag', `/contacts/${c.id}/tags`),
    notes: emptyList('note', `/contacts/${c.id}/notes`),
    companies: emptyList('company', `/contacts/${c.id}/companies`),
    opted_out_subscription_types: emptySubscriptions(),
    opted_in_subscription_types: emptySubscriptions(),
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    referrer: null,
  };
  if (single) view.enabled_push_messaging = null;
  return view;
}
