import type { ReturnMapping, ReturnValue } from './definition.js';
import type { AttributeValue, ContactSource, IntercomContact, Referrer } from './ports.js';

export const RETURN_TYPES: Record<ReturnValue, 'string' | 'integer'> = {
  referral_link: 'string',
  referrals_count: 'integer',
  converted_referrals_count: 'integer',
  // Text, as Intercom's own external ids: an id is matched, never summed.
  referrer_id: 'string',
  referred_by_name: 'string',
  referred_by_email: 'string',
  referred_by_code: 'string',
};

/** The values a referred person's contact gets: who invited them (nothing of the referrer's own). */
export const referredByValues = (referrer: Referrer): Partial<Record<ReturnValue, AttributeValue>> => ({
  referred_by_name: referrer.firstName,
  referred_by_email: referrer.email,
  referred_by_code: referrer.code,
});

/** The return values a referrer's own contact gets (returnValues); the Referred by ones go on a referred friend's. */
export const REFERRER_VALUES = ['referral_link', 'referrals_count', 'converted_referrals_count', 'referrer_id'] as const satisfies readonly ReturnValue[];

/** RF values for the return fields; counts are unknown (null) when the referrer was read without analytics. */
export function returnValues(referrer: Referrer, justCreated: boolean): Partial<Record<ReturnValue, AttributeValue | undefined>> {
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
  const customNames = async () => new Set((await source.listDataAttributes()).filter((a) => a.custom).map((a) => a.name));
  let existing = await customNames();
  const created: string[] = [];
  for (const key of wanted) {
    const name = mapping[key] as string;
    if (existing.has(name)) continue;
    try {
      await source.createDataAttribute(name, RETURN_TYPES[key]);
    } catch (err) {
      // Someone else created it since the list (an Intercom event and an RF event for a new sync
      // at once, another process): Intercom refuses the second creation with a 400. Only a
      // refusal of an attribute that still does not exist is a failure.
      existing = await customNames();
      if (existing.has(name)) continue;
      throw err;
    }
    existing.add(name);
    created.push(name);
  }
  return created;
}

/** Return attributes change only when a sync is edited: created once per sync version and a while, single flight (concurrent events raced to create the same one). */
export function returnAttributesOnce(now: () => number, ttlMs = 5 * 60_000) {
  const ready = new Map<string, { at: number; done: Promise<void> }>();
  return (def: { id: string; updatedAt: number; returnMapping: ReturnMapping }, source: ContactSource): Promise<void> => {
    const key = `${def.id}\u0000${def.updatedAt}`;
    const hit = ready.get(key);
    if (hit && hit.at > now() - ttlMs) return hit.done;
    // A second try: another process may have created the attribute between our list and create.
    const done = ensureReturnAttributes(source, def.returnMapping).catch(() => ensureReturnAttributes(source, def.returnMapping)).then(() => undefined);
    ready.set(key, { at: now(), done });
    done.catch(() => ready.delete(key));
    return done;
  };
}
