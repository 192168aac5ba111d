import { type CanvasObject, type Component, type StoredData, canvas, divider, dropdown, option, text } from '../index.js';
import { WizardIds, fieldSourceId, fieldTransformId } from './ids.js';
import type { PickItem } from './picker.js';
import { type FieldErrors, errorFor, failedIf, navigation, stepHeader } from './wizard-parts.js';

/** Option ids of a source dropdown: `none`, `std:<field>`, `attr:<name>`, or `attr:?` (choose one). */
export const SOURCE_NONE = 'none';
export const SOURCE_PICK_ATTRIBUTE = 'attr:?';

export const STANDARD_SOURCES: readonly PickItem[] = [
  { id: 'std:name', label: 'Name' },
  { id: 'std:email', label: 'Email' },
  { id: 'std:phone', label: 'Phone' },
  { id: 'std:external_id', label: 'External ID' },
  { id: 'std:id', label: 'Intercom ID' },
  { id: 'std:role', label: 'Role' },
];

export const TRANSFORM_LABELS = {
  none: 'As is',
  first_word: 'First word',
  trim: 'Trimmed',
  lowercase: 'Lowercase',
} as const;
export type TransformId = keyof typeof TRANSFORM_LABELS;

export interface FieldRow {
  rfFieldId: string;
  label: string;
  required: boolean;
  /** Current source option id (see SOURCE_*), and the label of a chosen custom attribute. */
  source: string;
  customLabel?: string | undefined;
  transform: TransformId;
}

export interface FieldsView {
  campaign: string;
  rows: readonly FieldRow[];
  errors?: FieldErrors | undefined;
}

function rowComponents(r: FieldRow, errors: FieldErrors | undefined): Component[] {
  const sourceId = fieldSourceId(r.rfFieldId);
  const custom = r.source.startsWith('attr:') && r.source !== SOURCE_PICK_ATTRIBUTE
    ? [option(r.source, `Attribute: ${r.customLabel ?? r.source.slice(5)}`)]
    : [];
  const sources = [
    option(SOURCE_NONE, 'Not mapped'),
    ...STANDARD_SOURCES.map((s) => option(s.id, s.label)),
    ...custom,
    option(SOURCE_PICK_ATTRIBUTE, 'Custom attribute…'),
  ];
  return [
    dropdown(sourceId, sources, {
      label: `${r.label}${r.required ? ' *' : ''}`,
      value: r.source,
      saveState: failedIf(errors, sourceId),
    }),
    ...errorFor(errors, sourceId),
    dropdown(fieldTransformId(r.rfFieldId), Object.entries(TRANSFORM_LABELS).map(([id, l]) => option(id, l)), {
      label: 'Transform',
      value: r.transform,
    }),
  ];
}

export function fieldsScreen(v: FieldsView, storedData: StoredData): CanvasObject {
  const rows = v.rows.flatMap((r, i) => [...(i > 0 ? [divider()] : []), ...rowComponents(r, v.errors)]);
  return canvas([
    ...stepHeader('fields'),
    text(`Which Intercom field fills each field of ${v.campaign}? Fields marked * are required.`, { style: 'muted' }),
    ...rows,
    ...errorFor(v.errors, WizardIds.fieldsNext),
    ...navigation(WizardIds.fieldsNext),
  ], storedData);
}
