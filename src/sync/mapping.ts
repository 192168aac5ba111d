import { DEFAULT_FIRST_NAME_FALLBACK, type FieldRule, type FirstNameFallback, type SourceField, type Transform } from './definition.js';
import type { CampaignField, IntercomContact } from './ports.js';

/** The RF record a contact maps to: `first_name` and `email` are RF's own fields, the rest go as `meta` by label. */
export interface MappedRecord {
  firstName: string;
  email: string;
  meta: Record<string, string>;
}

export type MappingResult =
  | { ok: true; record: MappedRecord }
  | { ok: false; reason: 'no_email' | 'invalid_email'; message: string }
  /** `missing`: the RF field ids left empty (what the card asks a teammate for). */
  | { ok: false; reason: 'required_field_empty'; message: string; missing: string[] };

/** RF keys referrers by email within a campaign, case-insensitively. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

/** RF requires these two on every referrer, whatever the campaign form says. */
export const CORE_FIELDS = ['first_name', 'email'] as const;

export function applyTransform(value: string, transform: Transform): string {
  switch (transform) {
    case 'none':
      return value;
    case 'trim':
      return value.trim();
    case 'first_word':
      return value.trim().split(/\s+/)[0] ?? '';
    case 'lowercase':
      return value.toLowerCase();
  }
}

export function readSource(contact: IntercomContact, from: SourceField): string {
  if (from.kind === 'company') return contact.companyName ?? '';
  if (from.kind === 'custom_attribute') {
    const v = contact.customAttributes[from.name];
    return v === null || v === undefined ? '' : String(v);
  }
  switch (from.field) {
    case 'name':
      return contact.name ?? '';
    case 'email':
      return contact.email ?? '';
    case 'phone':
      return contact.phone ?? '';
    case 'external_id':
      return contact.externalId ?? '';
    case 'id':
      return contact.id;
    case 'role':
      return contact.role;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether a (trimmed) value is shaped like an email address, as RF needs it. */
export const looksLikeEmail = (value: string): boolean => EMAIL.test(value.trim());

/** The First Name an empty source falls back to, or null (skip the contact). */
export function fallbackFirstName(fallback: FirstNameFallback, email: string): string | null {
  switch (fallback.kind) {
    case 'email_local':
      return email.slice(0, email.indexOf('@')).trim() || null;
    case 'text':
      return fallback.text.trim() || null;
    case 'skip':
      return null;
  }
}

/**
 * Maps one contact onto the campaign's referrer form. Pure. `fields` are the campaign's
 * `person_referring` fields (ids → labels, required flags); a rule whose target the campaign no
 * longer has is ignored rather than sent as a stray meta field. An empty First Name takes the
 * definition's fallback (Intercom users may have an email and `name: null`). `supplied`: values a
 * teammate typed on the card for campaign fields the contact leaves empty (never the email: RF's
 * key for the referrer is the contact's own).
 */
export function mapContact(
  rules: readonly FieldRule[],
  fields: readonly CampaignField[],
  contact: IntercomContact,
  fallback: FirstNameFallback = DEFAULT_FIRST_NAME_FALLBACK,
  supplied: Readonly<Record<string, string>> = {},
): MappingResult {
  const byId = new Map(fields.map((f) => [f.id, f]));
  const values = new Map<string, string>();
  for (const rule of rules) {
    const value = applyTransform(readSource(contact, rule.from), rule.transform).trim();
    if (value !== '' && !values.has(rule.to)) values.set(rule.to, value);
  }
  for (const [id, raw] of Object.entries(supplied)) {
    const value = raw.trim();
    if (id !== 'email' && byId.has(id) && value !== '' && !values.has(id)) values.set(id, value);
  }
  const email = values.get('email') ?? '';
  if (email === '') return { ok: false, reason: 'no_email', message: 'The contact has no email' };
  if (!EMAIL.test(email)) return { ok: false, reason: 'invalid_email', message: 'The mapped email is not a valid address' };
  if (!values.has('first_name')) {
    const firstName = fallbackFirstName(fallback, email);
    if (firstName !== null) values.set('first_name', firstName);
  }
  const required = new Set<string>([...CORE_FIELDS, ...fields.filter((f) => f.required).map((f) => f.id)]);
  const missing = [...required].filter((id) => !values.has(id));
  if (missing.length > 0) {
    const labels = missing.map((id) => byId.get(id)?.label ?? id).join(', ');
    return { ok: false, reason: 'required_field_empty', message: `Required field empty: ${labels}`, missing };
  }
  const meta: Record<string, string> = {};
  for (const [id, value] of values) {
    if ((CORE_FIELDS as readonly string[]).includes(id)) continue;
    const field = byId.get(id);
    if (field) meta[field.label] = value;
  }
  return { ok: true, record: { firstName: values.get('first_name') ?? '', email, meta } };
}
