import { createPrng, type Prng } from '../shared/prng.js';
import { standardAttributes } from './standard-attributes.js';
import type { AttrValue, DataAttribute, DataType, Segment, StoredContact, Workspace } from './model.js';

export interface SeedOptions {
  contacts?: number;
  segments?: number;
  customAttributes?: number;
  prng?: number;
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
      segmentIds: new Set(), archived: false,
    };
    segments.forEach((s, k) => {
      const fits = s.person_type === 'user' ? role === 'user' : role === 'lead';
      if (fits && p.next() < (densities[k] as number)) contact.segmentIds.add(s.id);
    });
    ws.contacts.push(contact);
    ws.byId.set(contact.id, contact);
  }
}
