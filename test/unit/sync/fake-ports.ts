import { AppError } from '../../../src/shared/errors.js';
import type { AttributeInfo, Campaign, ContactSource, IntercomContact, ReferralDirectory, Referrer } from '../../../src/sync/ports.js';

/** In-memory Intercom for unit tests: exact-second `updated_at`, offset cursors, refuses unknown attributes. */
export function fakeIntercom(contacts: IntercomContact[], now: () => number) {
  const byId = new Map(contacts.map((c) => [c.id, structuredClone(c)]));
  const attributes: AttributeInfo[] = [];
  const segments = new Map<string, Set<string>>();
  const calls = { pages: 0, writes: 0, searches: 0, companies: 0, failWrites: new Set<string>(), authFail: false };
  /** Company id → name, for the "Company name" source. */
  const companies = new Map<string, string>();
  const guard = () => {
    if (calls.authFail) throw new AppError('upstream_auth_failed', 'Intercom answered 401', { status: 401 });
  };
  const source: ContactSource = {
    async pageAudience(audience, { cursor, updatedSince, perPage = 150 }) {
      guard();
      calls.pages += 1;
      const all = [...byId.values()]
        .filter((c) => audience.kind === 'all' || (audience.kind === 'leads' ? c.role === 'lead' : audience.kind === 'users' ? c.role === 'user' : segments.get(audience.segmentId)?.has(c.id)))
        // Stable API versions: `updated_at > T` compares calendar days, i.e. from the start of the day after T's (UTC here).
        .filter((c) => updatedSince == null || c.updatedAt >= (Math.floor(updatedSince / 86_400) + 1) * 86_400)
        .sort((a, b) => a.id.localeCompare(b.id));
      const start = cursor ? Number(cursor) : 0;
      const next = start + perPage;
      return { contacts: structuredClone(all.slice(start, next)), nextCursor: next < all.length ? String(next) : null, totalCount: all.length };
    },
    async getContact(id) {
      guard();
      return structuredClone(byId.get(id) ?? null);
    },
    async companyName(id) {
      guard();
      calls.companies += 1;
      return companies.get(id) ?? null;
    },
    async findContactsByEmail(email) {
      guard();
      calls.searches += 1;
      return structuredClone([...byId.values()].filter((c) => c.email === email).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)));
    },
    async updateCustomAttributes(id, values) {
      guard();
      const c = byId.get(id);
      if (!c) throw new AppError('upstream_not_found', 'Contact Not Found', { status: 404 });
      if (calls.failWrites.has(id)) throw new AppError('upstream_rejected', 'Intercom answered 400', { status: 400 });
      for (const k of Object.keys(values)) {
        if (!attributes.some((a) => a.name === k)) throw new AppError('upstream_rejected', `Custom attribute '${k}' does not exist`, { status: 400 });
      }
      Object.assign(c.customAttributes, values);
      c.updatedAt = Math.floor(now() / 1000);
      calls.writes += 1;
      return { updatedAt: c.updatedAt };
    },
    async createContact(input) {
      guard();
      const at = Math.floor(now() / 1000);
      const contact: IntercomContact = {
        id: `created_${byId.size + 1}`, role: input.role, email: input.email, name: input.name, phone: null, externalId: null,
        createdAt: at, updatedAt: at, customAttributes: { ...input.customAttributes },
      };
      byId.set(contact.id, contact);
      calls.writes += 1;
      return { kind: 'created', contact: structuredClone(contact) };
    },
    async listContactSegmentIds(id) {
      return [...segments.entries()].filter(([, members]) => members.has(id)).map(([segmentId]) => segmentId);
    },
    async listDataAttributes() {
      guard();
      return structuredClone(attributes);
    },
    async createDataAttribute(name, dataType) {
      guard();
      const a: AttributeInfo = { name, label: name, dataType, custom: true, apiWritable: true, options: null };
      attributes.push(a);
      return a;
    },
    async listSegments() {
      return [...segments.keys()].map((id) => ({ id, name: id, personType: 'user' as const, count: segments.get(id)?.size ?? 0 }));
    },
  };
  return { source, byId, attributes, segments, calls, companies };
}

export const campaign: Campaign = {
  id: 7,
  name: 'Friends',
  status: 'launched',
  fields: [
    { id: 'first_name', label: 'First Name', type: 'input', required: true },
    { id: 'email', label: 'Email', type: 'input', required: true },
    { id: 'f_company', label: 'Company', type: 'input', required: false },
  ],
};

/** In-memory RF: email unique per campaign (create answers email_taken), analytics on reads. */
export function fakeRf() {
  const users = new Map<string, Referrer>();
  const calls = { create: 0, find: 0, update: 0, pages: 0, reject: new Set<string>(), authFail: false };
  let nextId = 1;
  const guard = () => {
    if (calls.authFail) throw new AppError('upstream_auth_failed', 'Referral Factory answered 401', { status: 401 });
  };
  const directory: ReferralDirectory = {
    async listCampaigns() {
      return [campaign];
    },
    async getCampaign(id) {
      guard();
      if (id !== campaign.id) throw new AppError('upstream_not_found', 'not found', { status: 404 });
      return structuredClone(campaign);
    },
    async findReferrerByEmail(_c, email) {
      guard();
      calls.find += 1;
      return structuredClone(users.get(email.toLowerCase()) ?? null);
    },
    async createReferrer(input) {
      guard();
      calls.create += 1;
      if (calls.reject.has(input.email)) throw new AppError('upstream_rejected', 'Referral Factory answered 422: invalid', { status: 422 });
      if (users.has(input.email.toLowerCase())) return { kind: 'email_taken' };
      const id = nextId++;
      const r: Referrer = { id, campaignId: input.campaignId, email: input.email, firstName: input.firstName, code: `c${id}`, url: `https://rf.test/r/c${id}`, meta: { ...input.meta }, referrals: null, qualifiedReferrals: null };
      users.set(input.email.toLowerCase(), { ...r, referrals: 0, qualifiedReferrals: 0 });
      return { kind: 'created', referrer: r };
    },
    async updateReferrer(id, patch) {
      guard();
      calls.update += 1;
      const r = [...users.values()].find((u) => u.id === id);
      if (!r) throw new AppError('upstream_not_found', 'not found', { status: 404 });
      if (patch.firstName !== undefined) r.firstName = patch.firstName;
      if (patch.meta) Object.assign(r.meta, patch.meta);
      return { ...structuredClone(r), referrals: null, qualifiedReferrals: null };
    },
    async deleteReferrer(id) {
      guard();
      for (const [email, u] of users) if (u.id === id) users.delete(email);
    },
    async pageReferrers(_c, { page, perPage = 100 }) {
      guard();
      calls.pages += 1;
      const all = [...users.values()];
      const slice = all.slice((page - 1) * perPage, page * perPage);
      return { referrers: structuredClone(slice), nextPage: page * perPage < all.length ? page + 1 : null };
    },
    async getUser(ref) {
      guard();
      calls.find += 1;
      const r = [...users.values()].find((u) => ('id' in ref ? u.id === ref.id : 'code' in ref ? u.code === ref.code : u.email.toLowerCase() === ref.email.toLowerCase()));
      return r ? { ...structuredClone(r), type: 'referrer', referrerId: null, qualified: false, source: 'Api' } : null;
    },
  };
  return { directory, users, calls };
}

export const contact = (i: number, over: Partial<IntercomContact> = {}): IntercomContact => ({
  id: `c${String(i).padStart(4, '0')}`,
  role: i % 2 === 0 ? 'user' : 'lead',
  email: `person${i}@example.com`,
  name: `Person${i} Example`,
  phone: null,
  externalId: `ext-${i}`,
  createdAt: 1_700_000_000,
  updatedAt: 1_700_000_000,
  customAttributes: {},
  ...over,
});
