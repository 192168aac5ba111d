import { z } from 'zod';
import { TransformSchema } from '../../sync/definition.js';

// The wizard's state, carried in the canvas's stored_data. It comes back through Intercom, so it
// is parsed on every submit (it may be stale after a deploy, or forged) and holds no secret:
// only choices and public campaign field labels. Everything is re-checked when the sync is saved.

export const WIZARD_STATE_VERSION = 1;

const Name = z.string().min(1).max(200);
/** `none`, `std:<field>`, `attr:<name>`, or `attr:?` (choose an attribute next). */
export const SourceChoiceSchema = z.string().regex(/^(none|std:(name|email|phone|external_id|id|role)|company:name|attr:.{1,200})$/);
/** `none`, `new`, `existing:<name>`, or `existing:?` (choose an attribute next). */
export const ReturnChoiceSchema = z.string().regex(/^(none|new|existing:.{1,200})$/);

export const RETURN_VALUES = ['referral_link', 'referrals_count', 'converted_referrals_count', 'referrer_id', 'referred_by_name', 'referred_by_email', 'referred_by_code'] as const;
/** Written on a referred friend's contact when RF's webhooks say who invited them (issue #15): off unless chosen. */
export const REFERRED_BY_VALUES: ReadonlySet<string> = new Set(['referred_by_name', 'referred_by_email', 'referred_by_code']);
export const ReturnValueIdSchema = z.enum(RETURN_VALUES);
/** How the attributes a sync creates for its return values begin: `rf_`, or `rf_<campaign>_` beside another campaign's sync. */
export const NEW_PREFIX_PATTERN = /^rf_([a-z0-9]+(_[a-z0-9]+)*_)?$/;
export type ReturnValueId = z.infer<typeof ReturnValueIdSchema>;

/**
 * Bounds that keep every step of any valid state within Intercom's 64 KB canvas (the worst case is
 * drawn in test/inbox/forged-state.test.ts). A campaign past them is refused where it is chosen.
 */
export const WIZARD_LIMITS = { rfFields: 30, rfFieldId: 100, rfFieldLabel: 100 } as const;

export const RfFieldSchema = z.object({
  id: z.string().min(1).max(WIZARD_LIMITS.rfFieldId),
  label: z.string().min(1).max(WIZARD_LIMITS.rfFieldLabel),
  required: z.boolean(),
});
export type RfField = z.infer<typeof RfFieldSchema>;

export const FieldChoiceSchema = z.object({ source: SourceChoiceSchema, transform: TransformSchema });
export type FieldChoice = z.infer<typeof FieldChoiceSchema>;

export const AudienceKindSchema = z.enum(['leads', 'users', 'all', 'segment']);

export const DraftSchema = z.object({
  campaignId: z.number().int().positive().optional(),
  campaignName: z.string().max(200).optional(),
  rfFields: z.array(RfFieldSchema).max(WIZARD_LIMITS.rfFields).optional(),
  audienceKind: AudienceKindSchema.optional(),
  segmentId: z.string().min(1).max(100).optional(),
  segmentName: z.string().max(200).optional(),
  fields: z.record(z.string().max(WIZARD_LIMITS.rfFieldId), FieldChoiceSchema)
    .refine((f) => Object.keys(f).length <= WIZARD_LIMITS.rfFields, `at most ${WIZARD_LIMITS.rfFields} fields`).optional(),
  returns: z.partialRecord(ReturnValueIdSchema, ReturnChoiceSchema).optional(),
  /** The "new" attributes' prefix (see new-names.ts); absent: `rf_`. */
  newPrefix: z.string().max(40).regex(NEW_PREFIX_PATTERN).optional(),
  /** What First Name gets when its source is empty; absent: the email before @ (the default). */
  firstNameFallback: z.enum(['email_local', 'text', 'skip']).optional(),
  firstNameText: z.string().max(100).optional(),
  syncType: z.enum(['one_time', 'ongoing']),
  intervalMinutes: z.number().int().min(5).max(7 * 24 * 60),
  /** Ongoing syncs: keep (default) or remove the referrer of a contact archived, deleted or out of the audience. */
  onContactGone: z.enum(['keep', 'remove']).optional(),
  /** A referrer who joins on RF's own page: nothing (default), or a lead or user created or updated in Intercom. */
  newReferrers: z.enum(['nothing', 'lead', 'user']).optional(),
});
export type Draft = z.infer<typeof DraftSchema>;

export const PickerStateSchema = z.object({
  filter: z.string().max(100),
  page: z.number().int().min(0).max(10_000),
  value: z.string().max(300).optional(),
});
export type PickerState = z.infer<typeof PickerStateSchema>;

/** What the picker fills, and what that row showed before (given back on Back). */
export const AttributeTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), rfFieldId: Name, previous: SourceChoiceSchema.optional() }),
  z.object({ kind: z.literal('return'), value: ReturnValueIdSchema, previous: ReturnChoiceSchema.optional() }),
]);
export type AttributeTarget = z.infer<typeof AttributeTargetSchema>;

export const StepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('connect'), picker: PickerStateSchema }),
  z.object({ step: z.literal('audience'), picker: PickerStateSchema }),
  /** `advanced`: the transforms and the First Name fallback are shown (behind one control, so step 2 stays short). */
  z.object({ step: z.literal('fields'), advanced: z.boolean().optional() }),
  z.object({ step: z.literal('attribute'), target: AttributeTargetSchema, picker: PickerStateSchema }),
  z.object({ step: z.literal('returns') }),
  z.object({ step: z.literal('overview') }),
]);
export type Step = z.infer<typeof StepSchema>;
export type StepName = Step['step'];

export const WizardStateSchema = z.object({
  v: z.literal(WIZARD_STATE_VERSION),
  flow: z.literal('wizard'),
  /** The workspace the wizard was opened in: a state from another workspace is refused. */
  workspaceId: z.string().min(1),
  /** The sync being edited; absent: a new sync (Add sync, or the first one). Checked against the workspace's syncs on use. */
  syncId: z.string().min(1).max(100).optional(),
  at: StepSchema,
  draft: DraftSchema,
});
export type WizardState = z.infer<typeof WizardStateSchema>;

export const emptyPicker = (): PickerState => ({ filter: '', page: 0 });

export const newWizardState = (workspaceId: string, draft?: Partial<Draft>, syncId?: string): WizardState => ({
  v: WIZARD_STATE_VERSION,
  flow: 'wizard',
  workspaceId,
  ...(syncId ? { syncId } : {}),
  at: { step: 'connect', picker: { ...emptyPicker(), value: draft?.campaignId?.toString() } },
  draft: { syncType: 'one_time', intervalMinutes: 60, ...draft },
});

export type ParsedWizardState = { ok: true; state: WizardState } | { ok: false; reason: 'invalid' | 'other_workspace' };

/** Untrusted stored_data → the wizard's state, or why not. */
export function parseWizardState(raw: unknown, workspaceId: string): ParsedWizardState {
  const parsed = WizardStateSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  if (parsed.data.workspaceId !== workspaceId) return { ok: false, reason: 'other_workspace' };
  return { ok: true, state: parsed.data };
}
