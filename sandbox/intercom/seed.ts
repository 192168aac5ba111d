import { createPrng, type Prng } from '../shared/prng.js';
import { attachCompany } from './companies.js';
import { standardAttributes } from './standard-attributes.js';
import type { AttrValue, DataAttribute, DataType, Segment, StoredContact, Workspace } from './model.js';

export interface SeedOptions {
  contacts?: number;
  segments?: number;
  customAttributes?: number;
  prng?: number;
  /**
   * Contacts sharing an email (README.md, "Seed"); default true. Off only where a test names an
   * app bug they expose that another part of the work fixes.
   */
  sharedEmails?: boolean;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Tim', 'Radia', 'Guido', 'Hedy', 'John', 'Katherine', 'Edsger', 'Sophie', 'Niklaus', 'Joan', 'Donald'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Berners-Lee', 'Perlman', 'van Rossum', 'Lamarr', 'McCarthy', 'Johnson', 'Dijkstra', 'Wilson', 'Wirth', 'Clarke', 'Knuth'];
const DOMAINS = ['acme.test', 'globex.test', 'initech.test', 'umbrella.test', 'hooli.test', 'example.test'];
const SEGMENT_NAMES = ['Active', 'New', 'Slipping Away', 'VIP customers', 'Trial users', 'Churn risk', 'Power users', 'Newsletter', 'Enterprise', 'Self-serve', 'Europe', 'North America', 'Asia Pacific', 'Mobile users', 'Beta testers', 'Happy NPS', 'Detractors', 'Paid plan', 'Free plan', 'Recently upgraded', 'Webinar attendees', 'Event leads', 'Inbound leads', 'Partner leads', 'Dormant'];
const ATTRIBUTE_SPECS: Array<[string, DataType]> = [
  ['plan', 'string'], ['company_size', 'integer'], ['mrr', 'float'], ['is_beta', 'boolean'], ['trial_ends_at', 'date'],
  ['signup_source', 'string'], ['seats', 'integer'], ['nps_score', 'integer'], ['country_code', 'string'], ['industry', 'string'],
  ['job_title', 'string'], ['lifetime_value', 'float'], ['has_mobile_app', 'boolean'], ['last_order_at', 'date'], ['orders_count', 'integer'],
  ['preferred_name', 'string'], ['account_manager', 'string'], ['renewal_at', 'date'], ['onboarded', 'boolean'], ['team_name', 'string'],
  ['Company Name', 'string'], ['website', 'string'], ['utm_campaign_first', 'string'], ['referral_code_legacy', 'string'], ['credits', 'integer'],
  ['discount_rate', 'float'], ['newsletter_opt_in', 'boolean'], ['first_purchase_at', 'date'], ['language', 'string'], ['tier', 'string'],
];
const DAY = 86_400;
const TIER_ATTRIBUTE = 'Customer tier';
const TIER_OPTIONS = ['Bronze', 'Silver', 'Gold'];

/**
 * What real workspaces hold and recordings show (README.md, "Seed"), at fixed places of any seed
 * large enough: names with `&`, `'`, `"`, `<` and `>` (escaped on output), contacts sharing an
 * email (a lead and a user; two users), and a user with an email and no name.
 */
const QUIRKS: Record<number, { name?: string | null; role?: 'user' | 'lead'; email?: string }> = {
  1: { name: "O'Brien & Sons" },
  4: { name: 'Ada "Countess" <Lovelace>' },
  7: { role: 'lead', email: 'sam.shared@acme.test', name: 'Sam Lead' },
  8: { role: 'user', email: 'sam.shared@acme.test', name: 'Samantha User' },
  10: { role: 'user', email: 'billing@globex.test', name: 'Kim Billing' },
  11: { role: 'user', email: 'billing@globex.test', name: 'Lee Billing' },
  12: { role: 'user', email: 'no.name@initech.test', name: null },
};

function applyQuirk(i: number, c: StoredContact, segments: Segment[], sharedEmails: boolean): void {
  const quirk = QUIRKS[i];
  if (!quirk) return;
  if (quirk.name !== undefined) c.name = quirk.name;
  if (quirk.email !== undefined && (sharedEmails || quirk.name === null)) c.email = quirk.email;
  if (quirk.role && quirk.role !== c.role) {
    c.role = quirk.role;
    c.external_id = quirk.role === 'user' ? `user-${i + 1}` : null;
    c.signed_up_at = quirk.role === 'user' ? c.created_at : null;
    // Segments are per person type: keep only those the new role belongs to.
    for (const s of segments) if ((s.person_type === 'user') !== (quirk.role === 'user')) c.segmentIds.delete(s.id);
  }
}

function customAttribute(name: string, data_type: DataType, id: number, at: number): DataAttribute {
  return {
    id, name, full_name: `custom_attributes.${name}`, label: name, description: '', data_type, model: 'contact',
    custom: true, archived: false, api_writable: true, ui_writable: true, messenger_writable: false, admin_id: '991267001',
    created_at: at, updated_at: at,
  };
}

function sampleValue(p: Prng, name: string, type: DataType, now: number, company: string): AttrValue {
  if (name === 'Company Name') return company;
  switch (type) {
    case 'string': return p.pick(['starter', 'growth', 'pro', 'enterprise', 'web', 'ads', 'partner']);
    case 'integer': return p.int(1, 500);
    case 'float': return Math.round(p.next() * 100_000) / 100;
    case 'boolean': return p.chance(0.5);
    default: return now - p.int(0, 365) * DAY;
  }
}

/** Deterministic workspace content: the same options always give the same workspace. */
export function seedWorkspace(ws: Workspace, opts: SeedOptions, nowSeconds: number): void {
  const p = createPrng(opts.prng ?? 1);
  const base = nowSeconds - 400 * DAY;
  ws.attributes = [...standardAttributes()];
  const specs = ATTRIBUTE_SPECS.slice(0, Math.max(0, opts.customAttributes ?? 30));
  for (const [name, type] of specs) ws.attributes.push(customAttribute(name, type, ws.nextAttributeId++, base));
  ws.attributes.push(customAttribute('Referral Link Legacy', 'string', ws.nextAttributeId++, base));
  // A list (options) attribute: its values are refused outside the options (update-contact.ts).
  ws.attributes.push({ ...customAttribute(TIER_ATTRIBUTE, 'string', ws.nextAttributeId++, base), options: [...TIER_OPTIONS] });
  // A second stream for what later behaviours added, so that the rest of the seed stays as it was.
  const q = createPrng((opts.prng ?? 1) * 7919 + 17);
  const segments: Segment[] = [];
  const densities: number[] = [];
  for (let i = 0; i < (opts.segments ?? 25); i++) {
    const name = SEGMENT_NAMES[i] ?? `Segment ${i + 1}`;
    segments.push({ id: `seg_${(i + 1).toString().padStart(3, '0')}`, name, person_type: i % 5 === 4 ? 'contact' : 'user', created_at: base, updated_at: base });
    densities.push(0.05 + p.next() * 0.35);
  }
  ws.segments = segments;
  const total = opts.contacts ?? 200;
  for (let i = 0; i < total; i++) {
    const first = p.pick(FIRST);
    const last = p.pick(LAST);
    const role = p.chance(0.7) ? 'user' : 'lead';
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + (i + 1);
    let email: string | null = `${local}@${p.pick(DOMAINS)}`;
    if (role === 'lead' && p.chance(0.1)) email = null;
    else if (p.chance(0.05)) email = `  ${email.charAt(0).toUpperCase()}${email.slice(1)} `;
    const created = base + Math.floor((i * 395 * DAY) / Math.max(1, total));
    const company = `${p.pick(LAST)} ${p.pick(['Labs', 'Inc', 'GmbH', 'Ltd'])}`;
    const custom: Record<string, AttrValue> = {};
    for (const [name, type] of specs) if (p.chance(0.4) || name === 'Company Name') custom[name] = sampleValue(p, name, type, nowSeconds, company);
    if (i % 9 === 3 && 'Company Name' in custom) custom['Company Name'] = null; // a required RF field left empty
    const contact: StoredContact = {
      seq: ws.nextSeq++, id: `6${(0x1000000 + i).toString(16)}a1b2c3d4e5f6a7b8`.slice(0, 24), role, email,
      name: p.chance(0.95) ? `${first} ${last}` : null, phone: p.chance(0.3) ? `+1555${p.int(1_000_000, 9_999_999)}` : null,
      external_id: role === 'user' ? `user-${i + 1}` : null, owner_id: null, created_at: created,
      updated_at: Math.min(nowSeconds - DAY, created + p.int(0, 30) * DAY), signed_up_at: role === 'user' ? created : null,
      last_seen_at: created + p.int(0, 60) * DAY, unsubscribed_from_emails: p.chance(0.05), custom_attributes: custom,
      segmentIds: new Set(), archived: false, sms_consent: false, unsubscribed_from_sms: false, avatar: null,
    };
    segments.forEach((s, k) => {
      const fits = s.person_type === 'user' ? role === 'user' : role === 'lead';
      if (fits && p.next() < (densities[k] as number)) contact.segmentIds.add(s.id);
    });
    contact.sms_consent = q.chance(0.1);
    contact.unsubscribed_from_sms = q.chance(0.02);
    contact.avatar = q.chance(0.2) ? `https://static.avatars.test/${contact.id}/square_128.png` : null;
    if (q.chance(0.4)) contact.custom_attributes[TIER_ATTRIBUTE] = q.pick(TIER_OPTIONS);
    // Three contacts in four belong to a company (the one their Company Name attribute, when set, names):
    // no draw from the generators, so the rest of the seed is as before.
    if (i % 4 !== 1) attachCompany(ws, contact, company, created);
    applyQuirk(i, contact, segments, opts.sharedEmails ?? true);
    ws.contacts.push(contact);
    ws.byId.set(contact.id, contact);
  }
}
