import { z } from 'zod';

/**
 * Intercom REST wire shapes (API 2.14, snake_case; reference/intercom-api.md §1–§4;
 * https://developers.intercom.com/docs/references/2.14/rest-api/api.intercom.io/contacts).
 * Intercom adds fields over time: each shape checks only what we use and never refuses an extra key.
 */

// Strict about what the app reads, blind to the rest: unknown keys are dropped, not copied (a
// contact has ~40 of them and a page 150 contacts).
export const ContactWire = z.object({
  type: z.literal('contact').optional(),
  id: z.string().min(1),
  role: z.enum(['user', 'lead']),
  email: z.string().nullish(),
  name: z.string().nullish(),
  phone: z.string().nullish(),
  external_id: z.string().nullish(),
  created_at: z.number(),
  updated_at: z.number(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  // References only (OAS-2.14 `contact_companies`: up to 10); anything odd reads as none.
  companies: z.object({ data: z.array(z.object({ id: z.string().min(1) })).nullish() }).nullish().catch(null),
});
export type ContactWire = z.infer<typeof ContactWire>;

/** The answer to POST /conversations/{id}/reply: the conversation, of which the app needs nothing back. */
export const RepliedConversationWire = z.object({ type: z.literal('conversation').optional(), id: z.union([z.string(), z.number()]) });

/** The answer to PUT /contacts/{id}: the contact, of which the app needs only its new `updated_at`. */
export const UpdatedContactWire = z.object({ id: z.string().min(1), updated_at: z.number().nullish() });

/** `GET /contacts/{id}/segments` (OAS-2.14 `contact_segments`). */
export const ContactSegmentsWire = z.object({ data: z.array(z.object({ id: z.string().min(1) })).nullish() });

/** GET /companies/{id}: only the name is read. */
export const CompanyWire = z.object({ id: z.string().min(1), name: z.string().nullish() });

export const ContactListWire = z.object({
  data: z.array(ContactWire),
  total_count: z.number().int().nullish(),
  // `next` is absent on the last page (https://developers.intercom.com/docs/build-an-integration/learn-more/rest-apis/pagination).
  pages: z.object({ next: z.object({ starting_after: z.string().nullish() }).nullish() }).nullish(),
});
export type ContactListWire = z.infer<typeof ContactListWire>;

export const DataAttributeWire = z.looseObject({
  name: z.string().min(1),
  full_name: z.string().nullish(),
  label: z.string().nullish(),
  data_type: z.string(),
  custom: z.boolean().nullish(),
  api_writable: z.boolean().nullish(),
  archived: z.boolean().nullish(),
  // Strings in answers; `{value}` objects in create requests (and in some older examples).
  options: z.array(z.union([z.string(), z.looseObject({ value: z.string() }).transform((o) => o.value)])).nullish(),
});
export type DataAttributeWire = z.infer<typeof DataAttributeWire>;

export const DataAttributeListWire = z.looseObject({ data: z.array(DataAttributeWire) });

export const SegmentWire = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  person_type: z.enum(['user', 'contact']).catch('contact'),
  count: z.number().int().nullish(),
});
export type SegmentWire = z.infer<typeof SegmentWire>;

export const SegmentListWire = z.looseObject({ segments: z.array(SegmentWire).nullish() });

/** `{ type: 'error.list', request_id, errors: [{ code, message }] }` (reference §4). */
export const ErrorListWire = z.looseObject({
  request_id: z.string().nullish(),
  errors: z.array(z.looseObject({ code: z.string(), message: z.string().nullish() })).nullish(),
});
