import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Which Intercom contacts a sync reads (RF's "Select Intercom Contact Type"). */
export const AudienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('leads') }),
  z.object({ kind: z.literal('users') }),
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('segment'), segmentId: z.string().min(1), segmentName: z.string().optional() }),
]);
export type Audience = z.infer<typeof AudienceSchema>;

export const TransformSchema = z.enum(['none', 'trim', 'first_word', 'lowercase']);
export type Transform = z.infer<typeof TransformSchema>;

export const StandardFieldSchema = z.enum(['name', 'email', 'phone', 'external_id', 'id', 'role']);
export type StandardField = z.infer<typeof StandardFieldSchema>;

export const SourceFieldSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('standard'), field: StandardFieldSchema }),
  z.object({ kind: z.literal('custom_attribute'), name: z.string().min(1) }),
  /** The name of the contact's first company (read once per company per run: company-names.ts). */
  z.object({ kind: z.literal('company'), field: z.literal('name') }),
]);
export type SourceField = z.infer<typeof SourceFieldSchema>;

/**
 * One Intercom → RF field rule. `to` is the RF field id as the campaign lists it under
 * `fields.person_referring` (`first_name`, `email`, or a campaign field sent as `meta` by its label).
 */
export const FieldRuleSchema = z.object({
  to: z.string().min(1),
  from: SourceFieldSchema,
  transform: TransformSchema.default('none'),
});
export type FieldRule = z.infer<typeof FieldRuleSchema>;

/**
 * `referrer_id`: the referrer's RF id on the contact, so both records point at each other (RF's own sync shows an "Integration ID").
 * The referrer's link and counts go on the referrer's contact; `referred_by_*` (the referrer's
 * name, email and code) go on the contact of a person the referrer invited, when an RF event
 * says who invited them (issue #15).
 */
export const ReturnValueSchema = z.enum(['referral_link', 'referrals_count', 'converted_referrals_count', 'referrer_id', 'referred_by_name', 'referred_by_email', 'referred_by_code']);
export type ReturnValue = z.infer<typeof ReturnValueSchema>;

/** RF value → Intercom custom attribute name; an absent key means "do not send". */
export const ReturnMappingSchema = z.object({
  referral_link: z.string().min(1).optional(),
  referrals_count: z.string().min(1).optional(),
  converted_referrals_count: z.string().min(1).optional(),
  referrer_id: z.string().min(1).optional(),
  referred_by_name: z.string().min(1).optional(),
  referred_by_email: z.string().min(1).optional(),
  referred_by_code: z.string().min(1).optional(),
});
export type ReturnMapping = z.infer<typeof ReturnMappingSchema>;

export const ScheduleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('one_time') }),
  z.object({ type: z.literal('ongoing'), intervalMinutes: z.number().int().min(5).max(7 * 24 * 60) }),
]);
export type Schedule = z.infer<typeof ScheduleSchema>;

/**
 * What RF's First Name gets when the mapped source is empty (Intercom users can have an email and
 * `name: null`): the part of the email before `@`, a fixed text, or nothing (the contact is skipped
 * with the reason). Absent in definitions saved before it existed: the email fallback.
 */
export const FirstNameFallbackSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email_local') }),
  z.object({ kind: z.literal('text'), text: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal('skip') }),
]);
export type FirstNameFallback = z.infer<typeof FirstNameFallbackSchema>;
export const DEFAULT_FIRST_NAME_FALLBACK: FirstNameFallback = { kind: 'email_local' };
export const firstNameFallbackOf = (d: { firstNameFallback?: FirstNameFallback | undefined }): FirstNameFallback =>
  d.firstNameFallback ?? DEFAULT_FIRST_NAME_FALLBACK;

/**
 * What an ongoing sync does when a contact it enrolled is archived or deleted in Intercom, or an
 * event shows it left the audience (audience-exit.ts): keep the referrer in RF (default: their link
 * keeps working), or remove it from the campaign. Only such an event removes anyone: never a run,
 * a failed run or a failed call.
 */
export const OnContactGoneSchema = z.enum(['keep', 'remove']);
export type OnContactGone = z.infer<typeof OnContactGoneSchema>;

/**
 * What the app does in Intercom when Referral Factory says a new referrer joined through RF's own
 * page (not from Intercom): nothing (default), or create or update a lead or a user with the
 * referrer's link and counts. RF's own Intercom integration offers the same choice on its
 * Referrers tab, "Nothing / Create New Lead / Create New User" (reference/referral-factory.md §4).
 */
export const NewReferrersSchema = z.enum(['nothing', 'lead', 'user']);
export type NewReferrers = z.infer<typeof NewReferrersSchema>;

export const SyncDefinitionSchema = z.object({
  id: z.string().min(1),
  workspaceId: z.string().min(1),
  campaignId: z.number().int().positive(),
  campaignName: z.string().optional(),
  audience: AudienceSchema,
  fieldMapping: z.array(FieldRuleSchema).min(1).max(50),
  returnMapping: ReturnMappingSchema,
  firstNameFallback: FirstNameFallbackSchema.optional(),
  schedule: ScheduleSchema,
  /** Absent: `keep`. */
  onContactGone: OnContactGoneSchema.optional(),
  /** Absent: `nothing`. */
  newReferrers: NewReferrersSchema.optional(),
  enabled: z.boolean(),
  createdBy: z.string().optional(),
  /**
   * Absent or `wizard`: the workspace's own sync. `segment_once`: a teammate's one-off segment sync
   * made from that mapping. `cli`: an operator's one-off run from the command line.
   */
  origin: z.enum(['wizard', 'segment_once', 'cli']).optional(),
  /** A `segment_once` definition: the workspace's sync whose campaign and mapping it uses (its runs show in that sync's history). */
  parentId: z.string().min(1).optional(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type SyncDefinition = z.infer<typeof SyncDefinitionSchema>;

/** The syncs an admin made in the wizard (not one-off segment or command-line runs). */
export const isWizardDefinition = (d: Pick<SyncDefinition, 'origin'>): boolean => d.origin === undefined || d.origin === 'wizard';

/**
 * A digest of what decides which contacts a run reads and what it sends: campaign, audience, field
 * and return mappings, First Name fallback. A checkpoint reached under another key says nothing
 * about the contacts these settings select (a new segment's members were never read), so a change
 * of key makes the next run a full one. Names and schedule are left out: they change nothing read.
 */
export function definitionKey(d: Pick<SyncDefinition, 'campaignId' | 'audience' | 'fieldMapping' | 'returnMapping' | 'firstNameFallback'>): string {
  const audience = d.audience.kind === 'segment' ? ['segment', d.audience.segmentId] : [d.audience.kind];
  const fields = d.fieldMapping
    .map((r) => [r.to, r.from.kind === 'standard' ? `std:${r.from.field}` : r.from.kind === 'company' ? 'company:name' : `attr:${r.from.name}`, r.transform ?? 'none'])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  const returns: Array<string | null> = (['referral_link', 'referrals_count', 'converted_referrals_count'] as const).map((k) => d.returnMapping[k] ?? null);
  // Appended only when mapped: definitions saved before it keep their key (and their checkpoint).
  if (d.returnMapping.referrer_id) returns.push(`id:${d.returnMapping.referrer_id}`);
  const fallback = firstNameFallbackOf(d);
  const canonical = [d.campaignId, audience, fields, returns, fallback.kind === 'text' ? ['text', fallback.text] : [fallback.kind]];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 22);
}

/**
 * The id of a definition made for some values (a workspace and a segment id): a hash of them, so
 * ids that differ only in characters an id cannot hold (`x/../etc`, `x___etc`) never meet in one key.
 */
export const derivedDefinitionId = (prefix: string, ...parts: string[]): string =>
  `${prefix}_${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}`;
