import { type CanvasObject, type Component, type StoredData, canvas, dropdown, input, option, singleSelect, submitButton, text } from '../index.js';
import { FITS } from './fit.js';
import { plain } from './format.js';
import { WizardIds, fieldSourceId, fieldTransformId } from './ids.js';
import type { PickItem } from './picker.js';
import { type FieldErrors, errorFor, failedIf, navigation, stepHeader } from './wizard-parts.js';

/** Option ids of a source dropdown: `none`, `std:<field>`, `company:name`, `attr:<name>`, or `attr:?` (choose one). */
export const SOURCE_NONE = 'none';
export const SOURCE_PICK_ATTRIBUTE = 'attr:?';

export const STANDARD_SOURCES: readonly PickItem[] = [
  { id: 'std:name', label: 'Name' },
  { id: 'std:email', label: 'Email' },
  { id: 'std:phone', label: 'Phone' },
  { id: 'std:external_id', label: 'External ID' },
  { id: 'std:id', label: 'Intercom contact ID' },
  { id: 'std:role', label: 'Role' },
  /** The contact's first company (Intercom lists companies; its name is read once per company per run). */
  { id: 'company:name', label: 'Company name' },
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

/** What RF's First Name gets when its source is empty. */
export type FirstNameFallbackId = 'email_local' | 'text' | 'skip';
export const FIRST_NAME_FALLBACK_LABELS: Record<FirstNameFallbackId, string> = {
  email_local: 'Use the email before @',
  text: 'Use a fixed text',
  skip: 'Skip the contact',
};

export interface FieldsView {
  campaign: string;
  rows: readonly FieldRow[];
  /** Drawn right after the First Name row. */
  firstNameFallback: { kind: FirstNameFallbackId; text: string };
  errors?: FieldErrors | undefined;
  /** The transforms and the First Name fallback are drawn (else summed up in one line). */
  advanced?: boolean | undefined;
  /** Advice that does not block Next, keyed like errors (e.g. an Email attribute holding other values). */
  warnings?: FieldErrors | undefined;
}

/** RF's Email takes only sources that can hold an address: Intercom's email or a text attribute. */
const EMAIL_FIELD = 'email';

function fallbackComponents(f: FieldsView['firstNameFallback'], errors: FieldErrors | undefined): Component[] {
  const choices = (Object.keys(FIRST_NAME_FALLBACK_LABELS) as FirstNameFallbackId[]).map((id) => option(id, FIRST_NAME_FALLBACK_LABELS[id]));
  return [
    singleSelect(WizardIds.firstNameFallback, choices, { label: 'If First Name is empty', value: f.kind, action: { type: 'submit' } }),
    ...(f.kind === 'text'
      ? [input(WizardIds.firstNameText, { label: 'First Name to use', placeholder: 'Friend', value: f.text, saveState: failedIf(errors, WizardIds.firstNameText) }),
        ...errorFor(errors, WizardIds.firstNameText)]
      : []),
  ];
}

function rowComponents(r: FieldRow, v: FieldsView): Component[] {
  const { errors, warnings } = v;
  const sourceId = fieldSourceId(r.rfFieldId);
  const attribute = r.source.startsWith('attr:') && r.source !== SOURCE_PICK_ATTRIBUTE ? (r.customLabel ?? r.source.slice(5)) : undefined;
  const custom = attribute === undefined ? [] : [option(r.source, `Attribute: ${attribute}`)];
  // (A refused choice stays listed, so the row shows what the error is about.)
  const standard = r.rfFieldId === EMAIL_FIELD ? STANDARD_SOURCES.filter((s) => s.id === 'std:email' || s.id === r.source) : STANDARD_SOURCES;
  const sources = [
    // Email is always required (RF's own field): "Not mapped" is never offered for it.
    ...(r.rfFieldId === EMAIL_FIELD ? [] : [option(SOURCE_NONE, 'Not mapped')]),
    ...standard.map((s) => option(s.id, s.label)),
    ...custom,
    option(SOURCE_PICK_ATTRIBUTE, 'Custom attribute…'),
  ];
  return [
    dropdown(sourceId, sources, {
      label: `${r.label}${r.required ? ' *' : ''}`,
      value: r.source,
      saveState: failedIf(errors, sourceId),
    }),
    ...(attribute !== undefined && `Attribute: ${attribute}`.length > FITS.option ? [text(plain(attribute), { style: 'muted' })] : []),
    ...errorFor(errors, sourceId),
    ...(warnings?.[sourceId] && !errors?.[sourceId] ? [text(warnings[sourceId], { style: 'muted' })] : []),
    ...(v.advanced
      ? [dropdown(fieldTransformId(r.rfFieldId), Object.entries(TRANSFORM_LABELS).map(([id, l]) => option(id, l)), {
          label: `${r.label}: transform`,
          value: r.transform,
        })]
      : []),
  ];
}

const fallbackLabel = (f: FieldsView['firstNameFallback']): string =>
  f.kind === 'text' && f.text.trim() !== '' ? `use “${f.text.trim()}”` : FIRST_NAME_FALLBACK_LABELS[f.kind].toLowerCase();

/** With the advanced controls hidden: what they are set to, in one line. */
function advancedSummary(v: FieldsView): string {
  const transforms = v.rows
    .filter((r) => r.transform !== 'none' && r.source !== SOURCE_NONE)
    .map((r) => `${r.label}: ${TRANSFORM_LABELS[r.transform].toLowerCase()}.`);
  const firstName = v.rows.some((r) => r.rfFieldId === 'first_name') ? [`If First Name is empty: ${fallbackLabel(v.firstNameFallback)}.`] : [];
  return [...transforms, ...firstName].join(' ');
}

export function fieldsScreen(v: FieldsView, storedData: StoredData): CanvasObject {
  const advanced = v.advanced || !!v.errors?.[WizardIds.firstNameText];
  const view = { ...v, advanced };
  const rows = v.rows.flatMap((r) => [
    ...rowComponents(r, view),
    ...(advanced && r.rfFieldId === 'first_name' ? fallbackComponents(v.firstNameFallback, v.errors) : []),
  ]);
  const summary = advanced ? '' : advancedSummary(v);
  return canvas([
    ...stepHeader('fields'),
    text(`Which Intercom field fills each field of ${plain(v.campaign)}? * required.`, { style: 'muted' }),
    ...rows,
    ...(summary ? [text(plain(summary), { style: 'muted', bottomMargin: 'none' })] : []),
    submitButton(WizardIds.fieldsAdvanced, advanced ? 'Hide transforms' : 'Transforms and empty First Name…', { style: 'link' }),
    ...errorFor(v.errors, WizardIds.fieldsNext),
    ...navigation(WizardIds.fieldsNext),
  ], storedData);
}
