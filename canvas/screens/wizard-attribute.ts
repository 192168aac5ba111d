import { type CanvasObject, type StoredData, canvas, submitButton, text } from '../index.js';
import { WizardIds } from './ids.js';
import { type PickItem, pickerComponents } from './picker.js';
import type { FieldErrors } from './wizard-parts.js';

/** Choosing one Intercom attribute for one field, among however many the workspace has. */
export interface AttributeView {
  /** e.g. "Company Name" or "Referral Link". */
  forLabel: string;
  /** e.g. "Text attributes only". */
  hint?: string | undefined;
  attributes: readonly PickItem[];
  filter: string;
  page: number;
  value?: string | undefined;
  errors?: FieldErrors | undefined;
}

export function attributeScreen(v: AttributeView, storedData: StoredData): CanvasObject {
  return canvas([
    text(`Attribute for ${v.forLabel}`, { style: 'header' }),
    ...(v.hint ? [text(v.hint, { style: 'muted' })] : []),
    ...pickerComponents({
      prefix: 'wizard.attribute',
      label: 'Intercom attribute',
      noun: 'attribute',
      items: v.attributes,
      filter: v.filter,
      page: v.page,
      value: v.value,
      error: v.errors?.[WizardIds.attribute.choice],
    }),
    submitButton(WizardIds.attributeUse, 'Use attribute'),
    submitButton(WizardIds.back, 'Back', { style: 'secondary' }),
  ], storedData);
}
