import type { ReturnMapping, ReturnValue } from './definition.js';
import type { AttributeValue, ContactSource, IntercomContact, Referrer } from './ports.js';

export const RETURN_TYPES: Record<ReturnValue, 'string' | 'integer'> = {
  referral_link: 'string',
  referrals_count: 'integer',
  converted_referrals_count: 'integer',
  // Text, as Intercom's own external ids: an id is matched, never summed.
  referrer_id: 'string',
};

/** RF values for the return fields; counts are unknown (null) when the referrer was read without analytics. */
export function returnValues(referrer: Referrer, justCreated: boolean): Record<ReturnValue, AttributeValue | undefined> {
  const count = (n: number | null) => (n === null ? (justCreated ? 0 : undefined) : n);
  return {
    referral_link: referrer.url,
    referrals_count: count(referrer.referrals),
    converted_referrals_count: count(referrer.qualifiedReferrals),
    referrer_id: String(referrer.id),
  };
}

/** Only the attributes whose value differs: writing bumps `updated_at`, so equal values are never rewritten. */
export function attributeChanges(
  contact: Pick<IntercomContact, 'customAttributes'>,
  mapping: ReturnMapping,
  values: Partial<Record<ReturnValue, AttributeValue | undefined>>,
): Record<string, AttributeValue> {
  const changes: Record<string, AttributeValue> = {};
  for (const key of Object.keys(RETURN_TYPES) as ReturnValue[]) {
    const attribute = mapping[key];
    const value = values[key];
    if (!attribute || value === undefined) continue;
    if (contact.customAttributes[attribute] !== value) changes[attribute] = value;
  }
  return changes;
}

/**
 * Creates the mapped return attributes that do not exist yet (link: string, counts: integer),
 * since Intercom refuses values for unknown attributes (reference/intercom-api.md §1.5).
 */
export async function ensureReturnAttributes(source: ContactSource, mapping: ReturnMapping): Promise<string[]> {
  const wanted = (Object.keys(RETURN_TYPES) as ReturnValue[]).filter((k) => mapping[k]);
  if (wanted.length === 0) return [];
  const existing = new Set((await source.listDataAttributes()).filter((a) => a.custom).map((a) => a.name));
  const created: string[] = [];
  for (const key of wanted) {
    const name = mapping[key] as string;
    if (existing.has(name)) continue;
    await source.createDataAttribute(name, RETURN_TYPES[key]);
    existing.add(name);
    created.push(name);
  }
  return created;
}
