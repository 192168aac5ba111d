import { WizardIds, fieldSourceId, fieldTransformId, pickerIds, returnTargetId } from '../../../canvas/screens/ids.js';
import { pickedValue } from '../../../canvas/screens/picker.js';
import { INTERVAL_CHOICES } from '../../../canvas/screens/wizard-overview.js';
import { TransformSchema } from '../../sync/definition.js';
import {
  AudienceKindSchema,
  type FieldChoice,
  type PickerState,
  RETURN_VALUES,
  ReturnChoiceSchema,
  SourceChoiceSchema,
  type WizardState,
} from './state.js';

// Every submit first takes what the admin typed or chose on the current step into the state,
// before any check, so Back and the pickers never lose a choice. Unknown values are ignored.

export type InputValues = Readonly<Record<string, unknown>>;

const str = (inputs: InputValues, id: string): string | undefined => {
  const v = inputs[id];
  return typeof v === 'string' ? v : undefined;
};

export function absorbPicker(p: PickerState, inputs: InputValues, prefix: string): PickerState {
  const ids = pickerIds(prefix);
  const filter = str(inputs, ids.filter);
  const value = pickedValue(inputs[ids.choice]);
  return {
    filter: filter === undefined ? p.filter : filter.slice(0, 100),
    page: p.page,
    ...(value !== undefined && value.length <= 300 ? { value } : p.value !== undefined ? { value: p.value } : {}),
  };
}

function absorbFields(s: WizardState, inputs: InputValues): WizardState {
  const fields: Record<string, FieldChoice> = { ...s.draft.fields };
  for (const f of s.draft.rfFields ?? []) {
    const source = SourceChoiceSchema.safeParse(inputs[fieldSourceId(f.id)]);
    const transform = TransformSchema.safeParse(inputs[fieldTransformId(f.id)]);
    const prev = fields[f.id] ?? { source: 'none', transform: 'none' };
    fields[f.id] = {
      source: source.success ? source.data : prev.source,
      transform: transform.success ? transform.data : prev.transform,
    };
  }
  return { ...s, draft: { ...s.draft, fields } };
}

function absorbFirstNameFallback(s: WizardState, inputs: InputValues): WizardState {
  const kind = str(inputs, WizardIds.firstNameFallback);
  const text = str(inputs, WizardIds.firstNameText);
  return {
    ...s,
    draft: {
      ...s.draft,
      ...(kind === 'email_local' || kind === 'text' || kind === 'skip' ? { firstNameFallback: kind } : {}),
      ...(text !== undefined ? { firstNameText: text.slice(0, 100) } : {}),
    },
  };
}

function absorbReturns(s: WizardState, inputs: InputValues): WizardState {
  const returns = { ...s.draft.returns };
  for (const value of RETURN_VALUES) {
    const choice = ReturnChoiceSchema.safeParse(inputs[returnTargetId(value)]);
    if (choice.success) returns[value] = choice.data;
  }
  const joiners = str(inputs, WizardIds.newReferrers);
  return { ...s, draft: { ...s.draft, returns, ...(joiners === 'nothing' || joiners === 'lead' || joiners === 'user' ? { newReferrers: joiners } : {}) } };
}

export function absorb(s: WizardState, inputs: InputValues): WizardState {
  const at = s.at;
  switch (at.step) {
    case 'connect':
      return { ...s, at: { ...at, picker: absorbPicker(at.picker, inputs, 'wizard.campaign') } };
    case 'audience': {
      const kind = AudienceKindSchema.safeParse(inputs[WizardIds.audienceType]);
      const picker = absorbPicker(at.picker, inputs, 'wizard.segment');
      const segmentId = picker.value ?? s.draft.segmentId;
      return {
        ...s,
        at: { ...at, picker },
        draft: { ...s.draft, ...(kind.success ? { audienceKind: kind.data } : {}), ...(segmentId ? { segmentId } : {}) },
      };
    }
    case 'fields':
      return absorbFirstNameFallback(absorbFields(s, inputs), inputs);
    case 'attribute':
      return { ...s, at: { ...at, picker: absorbPicker(at.picker, inputs, 'wizard.attribute') } };
    case 'returns':
      return absorbReturns(s, inputs);
    case 'overview': {
      const type = str(inputs, WizardIds.syncType);
      const interval = Number(str(inputs, WizardIds.interval));
      const gone = str(inputs, WizardIds.onContactGone);
      return {
        ...s,
        draft: {
          ...s.draft,
          ...(type === 'one_time' || type === 'ongoing' ? { syncType: type } : {}),
          ...((INTERVAL_CHOICES as readonly number[]).includes(interval) ? { intervalMinutes: interval } : {}),
          ...(gone === 'keep' || gone === 'remove' ? { onContactGone: gone } : {}),
        },
      };
    }
  }
}
