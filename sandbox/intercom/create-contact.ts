import { decodeHTML } from 'entities';
import { z } from 'zod';
import { AttributeValues, ContactBodyBase } from './contact-body.js';
import { nowMs, nowSeconds, type SandboxContext } from './context.js';
import { ApiRefusal } from './errors.js';
import type { AttrValue, StoredContact } from './model.js';
import { recordChange } from './search-index.js';
import { checkAttribute } from './update-contact.js';
import { notifyContact } from './webhooks.js';

// POST /contacts as Intercom answers it (sandbox/intercom/README.md, "Creating contacts"):
// OAS-2.14 `create_contact_request` (validated, not copied), the 409 Intercom's create-contact page
// and Intercom-OpenAPI PR #543 document, the search-index delay for the new contact, and its
// `contact.<role>.created` notification to the app (its own creations included).

const CreateBody = ContactBodyBase.extend({
  external_id: z.string().min(1).nullable().optional(),
  unsubscribed_from_emails: z.boolean().nullable().optional(),
  custom_attributes: AttributeValues.nullable().optional(),
});

const sameEmail = (a: string | null, b: string) => a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/** What a user's email or external id collides with: Intercom refuses a second user with them (leads may share an email). */
function conflictOf(ctx: SandboxContext, role: 'user' | 'lead', email: string | null, externalId: string | null): StoredContact | undefined {
  return ctx.ws.contacts.find((c) =>
    (externalId !== null && c.external_id === externalId) || (role === 'user' && c.role === 'user' && email !== null && sameEmail(c.email, email)));
}

export interface CreateOptions {
  /** The stand-in's own seeding and control (no API rules, no conflict check). */
  unchecked?: boolean;
  segmentIds?: readonly string[];
}

/** Stores a new contact the way POST /contacts does, and notifies the app. */
export function insertContact(ctx: SandboxContext, fields: Partial<Omit<StoredContact, 'seq' | 'id' | 'segmentIds' | 'archived' | 'history'>>, segmentIds: readonly string[] = []): StoredContact {
  const at = nowSeconds(ctx);
  const seq = ctx.ws.nextSeq++;
  const role = fields.role ?? 'user';
  const c: StoredContact = {
    seq, id: `7${seq.toString(16).padStart(23, '0')}`, role, email: fields.email ?? null,
    name: fields.name ?? null, phone: fields.phone ?? null, external_id: fields.external_id ?? null, owner_id: fields.owner_id ?? null,
    created_at: at, updated_at: at, signed_up_at: fields.signed_up_at ?? (role === 'lead' ? null : at), last_seen_at: fields.last_seen_at ?? null,
    unsubscribed_from_emails: fields.unsubscribed_from_emails ?? false, sms_consent: false, unsubscribed_from_sms: false, avatar: fields.avatar ?? null,
    custom_attributes: { ...(fields.custom_attributes ?? {}) }, segmentIds: new Set(segmentIds), archived: false,
  };
  // A new contact: search does not see it until the index delay has passed.
  recordChange(c, nowMs(ctx), ctx.behaviour.searchIndexDelaySeconds * 1000, () => {
    ctx.ws.contacts.push(c);
    ctx.ws.byId.set(c.id, c);
  }, true);
  ctx.ws.version += 1;
  notifyContact(ctx, `contact.${c.role}.created`, c);
  return c;
}

/** POST /contacts: validates as Intercom does, refuses a duplicate user with 409, creates. */
export function createContactFromApi(ctx: SandboxContext, raw: unknown): StoredContact {
  const parsed = CreateBody.safeParse(raw ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ApiRefusal(400, 'parameter_invalid', `${i?.path.join('.') || 'body'}: ${i?.message ?? 'invalid'}`);
  }
  const b = parsed.data;
  const role = b.role ?? 'user';
  const email = b.email?.trim() || null;
  const externalId = b.external_id ?? null;
  // "Can't be set for role type of lead" (create-contact page); the error's code and wording are our guess.
  if (role === 'lead' && externalId !== null) throw new ApiRefusal(400, 'parameter_invalid', 'external_id cannot be set for a lead');
  // Required "if role is user and external_id is blank" (create-contact page); code and wording our guess.
  if (role === 'user' && email === null && externalId === null) throw new ApiRefusal(400, 'parameter_invalid', 'A user needs an email or an external_id');
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ApiRefusal(400, 'parameter_invalid', 'Email is invalid');
  if (b.owner_id != null && !ctx.ws.admins.some((a) => a.id === String(b.owner_id))) {
    throw new ApiRefusal(400, 'parameter_invalid', 'The owner specified is not a member of the workspace');
  }
  const attributes: Record<string, AttrValue> = b.custom_attributes ?? {};
  for (const [name, value] of Object.entries(attributes)) checkAttribute(ctx, name, value);
  const held = conflictOf(ctx, role, email, externalId);
  if (held) {
    throw new ApiRefusal(409, 'conflict', `${held.archived ? 'An archived contact' : 'A contact'} matching those details already exists with id=${held.id}`);
  }
  const name = b.name == null ? null : ctx.behaviour.unescapeNameInput ? decodeHTML(b.name) : b.name;
  const c = insertContact(ctx, {
    role, email, name, phone: b.phone ?? null, external_id: externalId, avatar: b.avatar ?? null, owner_id: b.owner_id ?? null,
    ...(b.signed_up_at != null ? { signed_up_at: b.signed_up_at } : {}), last_seen_at: b.last_seen_at ?? null,
    unsubscribed_from_emails: b.unsubscribed_from_emails ?? false, custom_attributes: attributes,
  });
  ctx.stats.writes += 1;
  return c;
}
