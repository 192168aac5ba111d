import { decodeHTML } from 'entities';
import { z } from 'zod';
import { AttributeValues, ContactBodyBase } from './contact-body.js';
import { nowMs, nowSeconds, type SandboxContext } from './context.js';
import { ApiRefusal } from './errors.js';
import type { AttrValue, DataAttribute, DataType, StoredContact } from './model.js';
import { recordChange } from './search-index.js';
import { notifyContact } from './webhooks.js';

/** https://developers.intercom.com/docs/references/rest-api/api.intercom.io/contacts/updatecontact */
const UpdateBody = ContactBodyBase.extend({
  external_id: z.string().nullable().optional(),
  unsubscribed_from_emails: z.boolean().optional(),
  custom_attributes: AttributeValues.optional(),
});

const fits = (type: DataType, v: AttrValue): boolean =>
  v === null ||
  (type === 'string' && typeof v === 'string') ||
  ((type === 'integer' || type === 'date' || type === 'datetime') && Number.isInteger(v)) ||
  (type === 'float' && typeof v === 'number') ||
  (type === 'boolean' && typeof v === 'boolean');

export function checkAttribute(ctx: SandboxContext, name: string, value: AttrValue): void {
  const attr: DataAttribute | undefined = ctx.ws.attributes.find((a) => a.custom && a.model === 'contact' && !a.archived && a.name === name);
  if (!attr) throw new ApiRefusal(ctx.unknownAttribute.status, ctx.unknownAttribute.code, `Custom attribute '${name}' does not exist`);
  if (!fits(attr.data_type, value)) {
    throw new ApiRefusal(400, 'parameter_invalid', `Custom attribute '${name}' expects a value of type ${attr.data_type}`);
  }
  // List (options) attributes refuse any other value with a 400 (Intercom-OpenAPI PR #457, April
  // 2026); the code and wording of the error are not documented: ours are a guess.
  if (ctx.behaviour.refuseListValues && attr.options && value !== null && !attr.options.includes(String(value))) {
    throw new ApiRefusal(400, 'parameter_invalid', `'${String(value)}' is not an option of the list attribute '${name}' (${attr.options.join(', ')})`);
  }
}

/** Per-key merge. Every accepted write bumps `updated_at`, even when no value changes. */
export function updateContact(ctx: SandboxContext, c: StoredContact, raw: unknown): StoredContact {
  const parsed = UpdateBody.safeParse(raw ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ApiRefusal(400, 'parameter_invalid', `${i?.path.join('.') || 'body'}: ${i?.message ?? 'invalid'}`);
  }
  const body = parsed.data;
  if (body.role === 'lead' && c.role === 'user') throw new ApiRefusal(400, 'client_error', "Contact with user role can't be converted to a lead");
  for (const [name, value] of Object.entries(body.custom_attributes ?? {})) checkAttribute(ctx, name, value);
  const { custom_attributes, name, ...standard } = body;
  const emailBefore = c.email;
  recordChange(c, nowMs(ctx), ctx.behaviour.searchIndexDelaySeconds * 1000, () => {
    Object.assign(c, Object.fromEntries(Object.entries(standard).filter(([, v]) => v !== undefined)));
    if (name !== undefined) c.name = name !== null && ctx.behaviour.unescapeNameInput ? decodeHTML(name) : name;
    if (custom_attributes) Object.assign(c.custom_attributes, custom_attributes);
    c.updated_at = nowSeconds(ctx);
  });
  ctx.ws.version += 1;
  ctx.stats.writes += 1;
  // Every accepted write, the receiver's own included (reference/intercom-api.md §1.5, §6).
  notifyContact(ctx, `contact.${c.role}.updated`, c);
  if (c.email !== emailBefore) notifyContact(ctx, 'contact.email.updated', c);
  return c;
}
