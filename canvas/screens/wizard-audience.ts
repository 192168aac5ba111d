import { type CanvasObject, type StoredData, canvas, option, singleSelect } from '../index.js';
import { WizardIds } from './ids.js';
import { type PickItem, pickerComponents } from './picker.js';
import { type FieldErrors, errorFor, failedIf, navigation, stepHeader } from './wizard-parts.js';

export type AudienceKind = 'leads' | 'users' | 'all' | 'segment';

export interface AudienceView {
  kind?: AudienceKind | undefined;
  segments: readonly PickItem[];
  filter: string;
  page: number;
  segmentId?: string | undefined;
  errors?: FieldErrors | undefined;
}

/** RF's own labels for the contact types (referral-factory.md §4). */
export const AUDIENCE_LABELS: Record<AudienceKind, string> = {
  leads: 'Only Leads',
  users: 'Only Users',
  all: 'All Contacts',
  segment: 'A Specific Segment',
};

export function audienceScreen(v: AudienceView, storedData: StoredData): CanvasObject {
  const kinds = Object.entries(AUDIENCE_LABELS).map(([id, label]) => option(id, label));
  return canvas([
    ...stepHeader('audience'),
    // Choosing a type submits, so the segment list appears right away for "A Specific Segment".
    singleSelect(WizardIds.audienceType, kinds, {
      value: v.kind,
      action: { type: 'submit' },
      saveState: failedIf(v.errors, WizardIds.audienceType),
    }),
    ...errorFor(v.errors, WizardIds.audienceType),
    ...(v.kind === 'segment'
      ? pickerComponents({
          prefix: 'wizard.segment',
          label: 'Segment',
          noun: 'segment',
          items: v.segments,
          filter: v.filter,
          page: v.page,
          value: v.segmentId,
          error: v.errors?.[WizardIds.segment.choice],
        })
      : []),
    ...navigation(WizardIds.audienceNext),
  ], storedData);
}
