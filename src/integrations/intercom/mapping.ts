import { decodeHTMLStrict } from 'entities';
import type { AttributeDataType, AttributeInfo, AttributeValue, IntercomContact, SegmentInfo } from '../../sync/ports.js';
import type { ContactWire, DataAttributeWire, SegmentWire } from './schemas.js';

const isAttributeValue = (v: unknown): v is AttributeValue =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/**
 * Intercom HTML-escapes `name` on output ("We escape identity attributes like `name` on output":
 * intercom/intercom-java #113; recorded `"Phone &amp; SMS"`): decoded here, once, so that nothing
 * past the integration sees an entity. Strict: only entities with their `;`, as Intercom writes them.
 */
const decodeName = (name: string | null | undefined): string | null => (name ? decodeHTMLStrict(name) : null) || null;

/** Timestamps stay in Intercom's unit: Unix seconds. Non-scalar attribute values are left out. */
export function toContact(w: ContactWire): IntercomContact {
  const customAttributes: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(w.custom_attributes ?? {})) if (isAttributeValue(v)) customAttributes[k] = v;
  return {
    id: w.id,
    role: w.role,
    email: w.email || null,
    name: decodeName(w.name),
    phone: w.phone || null,
    externalId: w.external_id || null,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    customAttributes,
    ...(w.companies?.data?.length ? { companyIds: w.companies.data.map((c) => c.id) } : {}),
  };
}

const DATA_TYPES: readonly AttributeDataType[] = ['string', 'integer', 'float', 'boolean', 'date', 'datetime'];

/** Custom attributes by their key under `custom_attributes`; standard ones by full name (e.g. `location.city`). */
export function toAttributeInfo(w: DataAttributeWire): AttributeInfo {
  const custom = w.custom ?? false;
  const dataType = (DATA_TYPES as readonly string[]).includes(w.data_type) ? (w.data_type as AttributeDataType) : 'string';
  return {
    name: custom ? w.name : (w.full_name ?? w.name),
    label: w.label ?? w.name,
    dataType,
    custom,
    apiWritable: w.api_writable ?? false,
    options: w.options && w.options.length > 0 ? w.options : null,
  };
}

export function toSegmentInfo(w: SegmentWire): SegmentInfo {
  return { id: w.id, name: w.name, personType: w.person_type, count: w.count ?? null };
}
