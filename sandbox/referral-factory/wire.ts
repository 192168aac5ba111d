import type { CampaignField, CampaignRecord, UserRecord } from './model.js';

/**
 * Wire shapes of RF API v2 (reference/referral-factory.md §2, developers.referral-factory.com
 * /reference/user-structure). Single objects come wrapped as `{ data: object }`, lists as a
 * Laravel-style page `{ data: [], links: { first, last, prev, next }, meta: { current_page,
 * from, last_page, path, per_page, to, total } }`. Dates are ISO 8601 strings in UTC.
 */

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function userWire(u: UserRecord, publicUrl: string, withAnalytics: boolean) {
  const url = `${publicUrl}/r/${u.code}`;
  const text = encodeURIComponent(`Join me on our referral program: ${url}`);
  return {
    id: u.id,
    campaign_id: u.campaignId,
    referrer_id: u.referrerId,
    code: u.code,
    url,
    first_name: u.firstName,
    email: u.email,
    reach: String(u.reach),
    source: u.source,
    type: u.type,
    ip: u.ip,
    signed_up_at: iso(u.signedUpAt),
    qualified_at: iso(u.qualifiedAt),
    unsubscribed_at: iso(u.unsubscribedAt),
    meta: u.meta.map((m) => ({ field: m.field, value: m.value })),
    sharing: {
      socials: [
        { social: 'email', url: `mailto:?subject=${encodeURIComponent('An invitation for you')}&body=${text}` },
        { social: 'whatsapp', url: `https://wa.me/?text=${text}` },
        { social: 'twitter', url: `https://twitter.com/intent/tweet?text=${text}` },
        { social: 'linkedin', url: `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(url)}` },
      ],
      subject: 'An invitation for you',
      text: `Join me on our referral program: ${url}`,
    },
    qr: { src: `${publicUrl}/qr/${u.code}.svg`, download: `${publicUrl}/qr/${u.code}.svg?download=1` },
    ...(withAnalytics ? { analytics: { reach: u.reach, referrals: u.referrals, qualified_referrals: u.qualifiedReferrals } } : {}),
  };
}
export type UserWire = ReturnType<typeof userWire>;

const fieldWire = (f: CampaignField) => ({ id: f.id, type: f.type, label: f.label, value: f.value, required: f.required });

export function campaignWire(c: CampaignRecord, publicUrl: string) {
  return {
    id: c.id,
    name: c.name,
    code: c.code,
    lang: c.lang,
    url: `${publicUrl}/c/${c.code}`,
    status: c.status,
    starts_at: iso(c.startsAt),
    ends_at: iso(c.endsAt),
    fields: { person_referring: c.fields.personReferring.map(fieldWire), person_invited: c.fields.personInvited.map(fieldWire) },
  };
}

/** `pageUrl(n)` builds the URL of page n (same path and query, other page). */
export function pageWire<T, W>(items: readonly T[], page: number, perPage: number, toWire: (item: T) => W, path: string, pageUrl: (n: number) => string) {
  const total = items.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const start = (page - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  return {
    data: slice.map(toWire),
    links: {
      first: pageUrl(1),
      last: pageUrl(lastPage),
      prev: page > 1 ? pageUrl(Math.min(page - 1, lastPage)) : null,
      next: page < lastPage ? pageUrl(page + 1) : null,
    },
    meta: {
      current_page: page,
      from: slice.length ? start + 1 : null,
      last_page: lastPage,
      path,
      per_page: perPage,
      to: slice.length ? start + slice.length : null,
      total,
    },
  };
}

/** RF's error shape (reference §1, developers.referral-factory.com/reference/errors). */
export interface RfErrorBody {
  code: number;
  message: string;
  errors?: Record<string, { field: string; message: string }[]>;
}

export const errorBody = (code: number, message: string): RfErrorBody => ({ code, message });

export function validationBody(errors: Record<string, string[]>): RfErrorBody {
  const first = Object.values(errors)[0]?.[0] ?? 'The given data was invalid.';
  const extra = Object.values(errors).reduce((n, l) => n + l.length, 0) - 1;
  return {
    code: 422,
    message: extra > 0 ? `${first} (and ${extra} more error${extra > 1 ? 's' : ''})` : first,
    errors: Object.fromEntries(Object.entries(errors).map(([field, msgs]) => [field, msgs.map((message) => ({ field, message }))])),
  };
}
