import { z } from 'zod';

/**
 * The stand-in's switches: where Intercom's truth is unknown the default is the harsher choice
 * (sandbox/intercom/README.md says which and why). Set at start (`behaviour` option) or at run
 * time (`control.setBehaviour`, `POST /_sandbox/behaviour`).
 */
export const SortSpecSchema = z.object({ field: z.string().min(1), order: z.enum(['ascending', 'descending']) });
export type SortSpec = z.infer<typeof SortSpecSchema>;

export const BehaviourSchema = z.object({
  /** `name` HTML-escaped on output (`&amp;`, `&#39;`, `&lt;`, `&gt;`, `&quot;`), as Intercom does. */
  escapeNames: z.boolean(),
  /** Unescape HTML entities in a `name` written through PUT (Intercom said it does so on /companies; unknown for contacts). */
  unescapeNameInput: z.boolean(),
  /** Seconds of the stand-in's clock before a created or updated contact is seen by search. */
  searchIndexDelaySeconds: z.number().int().min(0),
  /** What search returns for a contact changed within the delay: the version it indexed, or the current one. */
  searchReturns: z.enum(['indexed', 'current']),
  /** Order of a search sent without `sort` (undocumented; ours moves an updated contact). */
  defaultSearchSort: SortSpecSchema,
  /** Order of `GET /contacts` (undocumented; same choice). */
  listSort: SortSpecSchema,
  /** `GET /contacts` without `per_page` (Intercom-OpenAPI PR #639; recorded: 10). */
  listDefaultPerPage: z.number().int().min(1).max(150),
  /** Whether `PUT /contacts/{id}` refuses a list attribute's value outside its options (Intercom-OpenAPI PR #457). */
  refuseListValues: z.boolean(),
  /**
   * How webhook notifications go out (webhooks.ts): `in_order` as changes happen; `out_of_order`
   * held a moment and sent newest first; `twice` each sent again (Intercom: "duplicates possible");
   * `late` after `webhookLateSeconds` of the clock; `never` dropped (a paused topic).
   */
  webhookDelivery: z.enum(['in_order', 'out_of_order', 'twice', 'late', 'never']),
  webhookLateSeconds: z.number().int().min(0),
  /** What `contact.deleted` carries: Intercom documents a "minimal identification payload" (fields unknown). */
  deletedPayload: z.enum(['minimal', 'full']),
});
export type Behaviour = z.infer<typeof BehaviourSchema>;

export const DEFAULT_BEHAVIOUR: Behaviour = {
  escapeNames: true,
  unescapeNameInput: false,
  searchIndexDelaySeconds: 180,
  searchReturns: 'indexed',
  defaultSearchSort: { field: 'updated_at', order: 'descending' },
  listSort: { field: 'updated_at', order: 'descending' },
  listDefaultPerPage: 10,
  refuseListValues: true,
  webhookDelivery: 'in_order',
  webhookLateSeconds: 120,
  deletedPayload: 'minimal',
};

export const BehaviourPatchSchema = BehaviourSchema.partial().strict();
export type BehaviourPatch = z.infer<typeof BehaviourPatchSchema>;
