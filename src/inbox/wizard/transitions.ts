import { WizardIds, fieldSourceId, returnTargetId } from '../../../canvas/screens/ids.js';
import type { FieldErrors } from '../../../canvas/screens/wizard-parts.js';
import { RETURN_PICK_EXISTING } from '../../../canvas/screens/wizard-returns.js';
import { SOURCE_NONE, SOURCE_PICK_ATTRIBUTE } from '../../../canvas/screens/wizard-fields.js';
import type { AttributeInfo, Campaign, SegmentInfo } from '../../sync/ports.js';
import { emailSourceProblem, listAttributeReason } from '../../sync/validate-definition.js';
import { sourceOf } from './source-choice.js';
import { RETURN_TYPES } from '../../sync/write-back.js';
import { draftNewName } from './new-names.js';
import { newReferrerWarning } from './new-referrer-warning.js';
import { type AttributeTarget, type Draft, type FieldChoice, type ReturnValueId, RETURN_VALUES, REFERRED_BY_VALUES, type WizardState, WIZARD_LIMITS, emptyPicker } from './state.js';

// Pure step changes. The handlers do the I/O (campaigns, segments, attributes) and pass results in.

export interface Transition {
  state: WizardState;
  errors?: FieldErrors;
}

const ok = (state: WizardState): Transition => ({ state });
const fail = (state: WizardState, errors: FieldErrors): Transition => ({ state, errors });

/** Name → First Name (first word) and Email → Email, as RF's own wizard proposes. */
export function defaultFieldChoices(fields: readonly { id: string }[]): Record<string, FieldChoice> {
  return Object.fromEntries(fields.map((f) => {
    if (f.id === 'first_name') return [f.id, { source: 'std:name', transform: 'first_word' }];
    if (f.id === 'email') return [f.id, { source: 'std:email', transform: 'none' }];
    return [f.id, { source: SOURCE_NONE, transform: 'none' }];
  }));
}

export const RETURN_LABELS: Record<ReturnValueId, string> = {
  referral_link: 'Referral Link',
  referrals_count: 'Referrals Count',
  converted_referrals_count: 'Converted Referrals Count',
  referrer_id: 'Referral Factory ID',
  referred_by_name: 'Referred by: Name',
  referred_by_email: 'Referred by: Email',
  referred_by_code: 'Referred by: Code',
};

const shorten = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function connectNext(s: WizardState, campaign: Campaign | undefined): Transition {
  if (s.at.step !== 'connect') return ok(s);
  if (!campaign) return fail(s, { [WizardIds.campaign.choice]: 'Choose a campaign.' });
  const tooLong = campaign.fields.find((f) => f.id.length > WIZARD_LIMITS.rfFieldId);
  if (campaign.fields.length > WIZARD_LIMITS.rfFields || tooLong) {
    const why = tooLong
      ? `a field id of ${tooLong.id.length} characters (the app maps ids of up to ${WIZARD_LIMITS.rfFieldId})`
      : `${campaign.fields.length} fields on its referrer form (the app maps up to ${WIZARD_LIMITS.rfFields})`;
    return fail(s, { [WizardIds.campaign.choice]: `This campaign has ${why}: choose another.` });
  }
  const rfFields = campaign.fields.map((f) => ({ id: f.id, label: shorten(f.label, WIZARD_LIMITS.rfFieldLabel), required: f.required }));
  const same = s.draft.campaignId === campaign.id;
  const draft: Draft = {
    ...s.draft,
    campaignId: campaign.id,
    campaignName: campaign.name,
    rfFields,
    fields: { ...defaultFieldChoices(rfFields), ...(same ? s.draft.fields : {}) },
  };
  return ok({ ...s, draft, at: { step: 'audience', picker: { ...emptyPicker(), value: draft.segmentId } } });
}

export function audienceNext(s: WizardState, segments: readonly SegmentInfo[]): Transition {
  if (s.at.step !== 'audience') return ok(s);
  const kind = s.draft.audienceKind;
  if (!kind) return fail(s, { [WizardIds.audienceType]: 'Choose which contacts to sync.' });
  if (kind !== 'segment') return ok({ ...s, at: { step: 'fields' } });
  const segment = segments.find((g) => g.id === s.draft.segmentId);
  if (!segment) return fail(s, { [WizardIds.segment.choice]: 'Choose a segment.' });
  if (segment.count === 0) return fail(s, { [WizardIds.segment.choice]: emptySegmentReason(segment.name) });
  return ok({ ...s, draft: { ...s.draft, segmentName: segment.name }, at: { step: 'fields' } });
}

/**
 * The attribute picker for a target; `previous` is the choice before "Custom attribute…" or
 * "Existing attribute…", given back when the admin leaves the picker without choosing.
 */
/** Why an empty segment cannot be synced, and the way out. */
export const emptySegmentReason = (name: string): string =>
  `${name} has no contacts, so a sync would do nothing: choose another segment, or add contacts to it in Intercom first.`;

const attributeStep = (s: WizardState, target: AttributeTarget, previous: string | undefined): WizardState => ({
  ...s,
  at: {
    step: 'attribute',
    target: { ...target, ...(previous && previous !== SOURCE_PICK_ATTRIBUTE && previous !== RETURN_PICK_EXISTING ? { previous } : {}) },
    picker: emptyPicker(),
  },
});

/**
 * `before` is the state as it came in, before this submit's choices were taken in: it holds what
 * a row showed before the admin chose to pick an attribute.
 */
export function fieldsNext(s: WizardState, attributes: readonly AttributeInfo[], before?: WizardState): Transition {
  if (s.at.step !== 'fields') return ok(s);
  const rfFields = s.draft.rfFields ?? [];
  const fields = s.draft.fields ?? {};
  const picking = rfFields.find((f) => fields[f.id]?.source === SOURCE_PICK_ATTRIBUTE);
  if (picking) return ok(attributeStep(s, { kind: 'field', rfFieldId: picking.id }, before?.draft.fields?.[picking.id]?.source));
  const errors: Record<string, string> = {};
  for (const f of rfFields) {
    if (f.required && (fields[f.id]?.source ?? SOURCE_NONE) === SOURCE_NONE) {
      errors[fieldSourceId(f.id)] = `${f.label} is required: choose the Intercom field that fills it.`;
    }
  }
  const email = fields.email ? sourceOf(fields.email.source) : undefined;
  const emailProblem = email ? emailSourceProblem(email, attributes) : undefined;
  if (emailProblem) errors[fieldSourceId('email')] = `${emailProblem}.`;
  if (s.draft.firstNameFallback === 'text' && (s.draft.firstNameText ?? '').trim() === '') {
    errors[WizardIds.firstNameText] = 'Type the First Name to use when the contact has none (up to 100 characters).';
  }
  if (Object.keys(errors).length > 0) return fail(s, errors);
  // The link and counts go to new attributes unless the admin says otherwise; the RF id and Referred by
  // are opt-in (an extra attribute in every workspace, and a second sync's default would clash with the first's).
  const returns = { ...Object.fromEntries(RETURN_VALUES.map((v) => [v, v === 'referrer_id' || REFERRED_BY_VALUES.has(v) ? 'none' : 'new'])), ...s.draft.returns };
  return ok({ ...s, draft: { ...s.draft, returns }, at: { step: 'returns' } });
}

/**
 * Attributes a target may use: any custom one for a field; for a return, writable, of the right
 * type, and not a list (it would refuse the value).
 */
export function attributesFor(target: AttributeTarget, attributes: readonly AttributeInfo[]): AttributeInfo[] {
  if (target.kind === 'field' && target.rfFieldId === 'email') return attributes.filter((a) => a.custom && a.dataType === 'string' && !a.options);
  if (target.kind === 'field') return attributes.filter((a) => a.custom);
  return attributes.filter((a) => a.custom && a.apiWritable && !a.options && a.dataType === RETURN_TYPES[target.value]);
}

export function attributeUse(s: WizardState, attributes: readonly AttributeInfo[]): Transition {
  if (s.at.step !== 'attribute') return ok(s);
  const { target, picker } = s.at;
  const chosen = attributesFor(target, attributes).find((a) => a.name === picker.value);
  if (!chosen) return fail(s, { [WizardIds.attribute.choice]: 'Choose an attribute.' });
  if (target.kind === 'field') {
    const prev = s.draft.fields?.[target.rfFieldId] ?? { source: SOURCE_NONE, transform: 'none' as const };
    const fields = { ...s.draft.fields, [target.rfFieldId]: { ...prev, source: `attr:${chosen.name}` } };
    return ok({ ...s, draft: { ...s.draft, fields }, at: { step: 'fields' } });
  }
  const returns = { ...s.draft.returns, [target.value]: `existing:${chosen.name}` };
  return ok({ ...s, draft: { ...s.draft, returns }, at: { step: 'returns' } });
}

export function returnsNext(s: WizardState, attributes: readonly AttributeInfo[], before?: WizardState): Transition {
  if (s.at.step !== 'returns') return ok(s);
  const returns = s.draft.returns ?? {};
  const picking = RETURN_VALUES.find((v) => returns[v] === RETURN_PICK_EXISTING);
  if (picking) return ok(attributeStep(s, { kind: 'return', value: picking }, before?.draft.returns?.[picking]));
  const errors: Record<string, string> = {};
  for (const v of RETURN_VALUES) {
    const choice = returns[v] ?? 'none';
    const name = choice === 'new' ? draftNewName(s.draft, v) : choice.startsWith('existing:') ? choice.slice('existing:'.length) : undefined;
    if (name === undefined) continue;
    const found = attributes.find((a) => a.custom && a.name === name);
    if (choice !== 'new' && !found) errors[returnTargetId(v)] = `The attribute ${name} no longer exists: choose another.`;
    else if (found?.options) errors[returnTargetId(v)] = `${listAttributeReason(found)}: choose an attribute that takes any ${RETURN_TYPES[v] === 'string' ? 'text' : 'number'}.`;
    else if (found && found.dataType !== RETURN_TYPES[v]) {
      errors[returnTargetId(v)] = `${found.name} holds ${found.dataType} values; ${RETURN_LABELS[v]} needs ${RETURN_TYPES[v] === 'string' ? 'text' : 'a number'}.`;
    }
  }
  if (Object.keys(errors).length > 0) return fail(s, errors);
  // Advice, not a refusal: the screen stays once to show it beside the choice (a dropdown submits
  // nothing when changed); the screen the admin submitted showed it already when it said the same.
  const warning = newReferrerWarning(s.draft);
  if (warning !== undefined && warning !== (before && newReferrerWarning(before.draft))) return ok(s);
  return ok({ ...s, at: { step: 'overview' } });
}

/** The step before this one; `undefined` on the first step (leave the wizard). */
export function back(s: WizardState): WizardState | undefined {
  const at = s.at;
  switch (at.step) {
    case 'connect':
      return undefined;
    case 'audience':
      return { ...s, at: { step: 'connect', picker: { ...emptyPicker(), value: s.draft.campaignId?.toString() } } };
    case 'fields':
      return { ...s, at: { step: 'audience', picker: { ...emptyPicker(), value: s.draft.segmentId } } };
    case 'attribute': {
      // Leaving the picker without a choice: the row shows what it had before (else "not mapped"), or it would reopen.
      const t = at.target;
      if (t.kind === 'field') {
        const prev = s.draft.fields?.[t.rfFieldId];
        const fields = prev?.source === SOURCE_PICK_ATTRIBUTE ? { ...s.draft.fields, [t.rfFieldId]: { ...prev, source: t.previous ?? SOURCE_NONE } } : s.draft.fields;
        return { ...s, draft: { ...s.draft, fields }, at: { step: 'fields' } };
      }
      const returns = s.draft.returns?.[t.value] === RETURN_PICK_EXISTING ? { ...s.draft.returns, [t.value]: t.previous ?? 'none' } : s.draft.returns;
      return { ...s, draft: { ...s.draft, returns }, at: { step: 'returns' } };
    }
    case 'returns':
      return { ...s, at: { step: 'fields' } };
    case 'overview':
      return { ...s, at: { step: 'returns' } };
  }
}
