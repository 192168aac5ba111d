import { z } from 'zod';
import { AudienceSchema, FieldRuleSchema, FirstNameFallbackSchema, NewReferrersSchema, OnContactGoneSchema, ReturnMappingSchema, ScheduleSchema, type SyncDefinition } from './definition.js';

/** What the wizard (or an API caller) submits; the service adds id, timestamps and checks it against the campaign. */
export const SyncDefinitionInputSchema = z.object({
  id: z.string().min(1).optional(),
  workspaceId: z.string().min(1),
  campaignId: z.number().int().positive(),
  campaignName: z.string().optional(),
  audience: AudienceSchema,
  fieldMapping: z.array(FieldRuleSchema).min(1).max(50),
  returnMapping: ReturnMappingSchema.default({}),
  firstNameFallback: FirstNameFallbackSchema.optional(),
  schedule: ScheduleSchema.default({ type: 'one_time' }),
  onContactGone: OnContactGoneSchema.optional(),
  newReferrers: NewReferrersSchema.optional(),
  enabled: z.boolean().default(true),
  createdBy: z.string().optional(),
  origin: z.enum(['wizard', 'segment_once', 'cli']).optional(),
});
export type SyncDefinitionInput = z.input<typeof SyncDefinitionInputSchema>;
export type ParsedDefinitionInput = z.output<typeof SyncDefinitionInputSchema>;

/** A problem with one part of a definition, for the wizard to show next to the field. */
export interface FieldError {
  /** e.g. `fieldMapping.email`, `returnMapping.referrals_count`, `campaignId`. */
  path: string;
  code:
    | 'invalid'
    | 'campaign_not_found'
    | 'required_field_unmapped'
    | 'unknown_field'
    | 'duplicate_field'
    | 'attribute_type_mismatch'
    | 'attribute_is_list'
    | 'attribute_not_custom'
    | 'duplicate_attribute'
    | 'email_source';
  message: string;
}

export type SaveDefinitionResult =
  | { ok: true; definition: SyncDefinition }
  | { ok: false; errors: FieldError[] };
