import { z } from 'zod';
import type { Campaign, CampaignField, Referrer, RfUser } from '../../sync/ports.js';

/**
 * RF API v2 wire shapes (user: https://developers.referral-factory.com/reference/user-structure;
 * campaign fields as transcribed in reference/referral-factory.md §2). Objects are
 * wrapped `{ data }`; lists are Laravel pages `{ data, links: { next }, meta }`.
 */

const text = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? '' : String(v)));

export const RfFieldWire = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  type: z.string().nullish(),
  label: z.string().nullish(),
  required: z.union([z.boolean(), z.number()]).nullish(),
  /** Documented as present, shape not documented [unknown]: read leniently, never a reason to refuse the campaign. */
  value: z.unknown().optional(),
});

export const RfCampaignWire = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  status: z.string().nullish(),
  fields: z.looseObject({ person_referring: z.array(RfFieldWire).nullish() }).nullish(),
});

export const RfUserWire = z.looseObject({
  id: z.number().int(),
  campaign_id: z.number().int(),
  code: z.string(),
  url: z.string(),
  first_name: z.string().nullish(),
  email: z.string(),
  type: z.string().nullish(),
  referrer_id: z.number().int().nullish(),
  source: z.string().nullish(),
  qualified_at: z.string().nullish(),
  meta: z.array(z.looseObject({ field: z.string(), value: text.optional() })).nullish(),
  analytics: z.looseObject({ referrals: z.coerce.number(), qualified_referrals: z.coerce.number() }).nullish(),
});

export const one = <T extends z.ZodType>(item: T) => z.looseObject({ data: item });

export const page = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    data: z.array(item),
    links: z.looseObject({ next: z.string().nullish() }).nullish(),
    meta: z.looseObject({ current_page: z.number().int().nullish(), last_page: z.number().int().nullish() }).nullish(),
  });

/** RF errors: `{ code, message, errors?: { field: [{ field, message }] } }`; sometimes only `{ message }`. */
export const RfErrorWire = z.looseObject({
  message: z.string().nullish(),
  errors: z.record(z.string(), z.array(z.union([z.looseObject({ message: z.string() }), z.string()]))).nullish(),
});
export type RfError = z.infer<typeof RfErrorWire>;

/**
 * A select field's choices, when its `value` lists them (an array, or text separated by commas:
 * the reference notes name `value` on every field without its shape [unknown]). Without them the
 * card asks for the field as text, as for an input.
 */
function choicesOf(value: unknown): string[] | undefined {
  const raw = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? value.split(',') : [];
  const choices = [...new Set(raw.map((c) => c.trim()).filter((c) => c !== ''))];
  return choices.length > 0 ? choices : undefined;
}

export function toCampaignField(w: z.infer<typeof RfFieldWire>): CampaignField {
  const type = w.type === 'select' ? 'select' : 'input';
  const choices = type === 'select' ? choicesOf(w.value) : undefined;
  return { id: w.id, label: w.label ?? w.id, type, required: Boolean(w.required), ...(choices ? { choices } : {}) };
}

export function toCampaign(w: z.infer<typeof RfCampaignWire>): Campaign {
  return { id: w.id, name: w.name, status: w.status ?? null, fields: (w.fields?.person_referring ?? []).map(toCampaignField) };
}

export function toReferrer(w: z.infer<typeof RfUserWire>): Referrer {
  return {
    id: w.id,
    campaignId: w.campaign_id,
    email: w.email,
    firstName: w.first_name ?? '',
    code: w.code,
    url: w.url,
    meta: Object.fromEntries((w.meta ?? []).map((m) => [m.field, m.value ?? ''])),
    referrals: w.analytics?.referrals ?? null,
    qualifiedReferrals: w.analytics?.qualified_referrals ?? null,
  };
}

export function toRfUser(w: z.infer<typeof RfUserWire>): RfUser {
  return {
    ...toReferrer(w),
    type: w.type === 'person_invited' || (w.type == null && w.referrer_id != null) ? 'invited' : 'referrer',
    referrerId: w.referrer_id ?? null,
    qualified: Boolean(w.qualified_at),
    source: w.source ?? null,
  };
}

/** Field messages of a 422, e.g. `email: The email has already been taken.` */
export function fieldMessages(err: RfError | null): string[] {
  return Object.entries(err?.errors ?? {}).flatMap(([field, list]) =>
    list.map((e) => `${field}: ${typeof e === 'string' ? e : e.message}`),
  );
}

/** A 422 that refuses the email only because the campaign already holds it. */
export function isEmailTaken(err: RfError | null): boolean {
  const list = err?.errors?.email ?? [];
  return list.some((e) => /already|taken|exists/i.test(typeof e === 'string' ? e : e.message));
}
