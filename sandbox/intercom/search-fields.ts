import { ApiRefusal } from './errors.js';
import type { AttrValue, DataType, StoredContact, Workspace } from './model.js';

export type FieldKind = 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'segment';

export interface FieldAccess {
  kind: FieldKind;
  get(c: StoredContact): AttrValue;
}

const str = (get: (c: StoredContact) => string | null): FieldAccess => ({ kind: 'string', get });
const date = (get: (c: StoredContact) => number | null): FieldAccess => ({ kind: 'date', get });

/** Searchable contact fields (intercom-api.md §1.3), with their type. */
const STANDARD: Record<string, FieldAccess> = {
  id: str((c) => c.id),
  role: str((c) => c.role),
  name: str((c) => c.name),
  email: str((c) => c.email),
  email_domain: str((c) => (c.email?.includes('@') ? (c.email.trim().split('@')[1] ?? null) : null)),
  phone: str((c) => c.phone),
  external_id: str((c) => c.external_id),
  owner_id: { kind: 'integer', get: (c) => c.owner_id },
  created_at: date((c) => c.created_at),
  updated_at: date((c) => c.updated_at),
  signed_up_at: date((c) => c.signed_up_at),
  last_seen_at: date((c) => c.last_seen_at),
  last_contacted_at: date(() => null),
  last_replied_at: date(() => null),
  last_email_opened_at: date(() => null),
  last_email_clicked_at: date(() => null),
  unsubscribed_from_emails: { kind: 'boolean', get: (c) => c.unsubscribed_from_emails },
  has_hard_bounced: { kind: 'boolean', get: () => false },
  marked_email_as_spam: { kind: 'boolean', get: () => false },
  segment_id: { kind: 'segment', get: () => null },
};

const kindOf = (t: DataType): FieldKind => (t === 'datetime' ? 'date' : t);

export function fieldAccess(ws: Workspace, field: string): FieldAccess {
  const standard = STANDARD[field];
  if (standard) return standard;
  if (field.startsWith('custom_attributes.')) {
    const name = field.slice('custom_attributes.'.length);
    const attr = ws.attributes.find((a) => a.custom && a.model === 'contact' && a.name === name);
    if (attr) return { kind: kindOf(attr.data_type), get: (c) => c.custom_attributes[name] ?? null };
  }
  throw new ApiRefusal(400, 'parameter_invalid', `'${field}' is not a valid search field`);
}
