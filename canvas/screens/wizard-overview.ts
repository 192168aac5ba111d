import { type CanvasObject, type Component, type StoredData, canvas, dropdown, option, singleSelect, submitButton, text } from '../index.js';
import { factComponents } from './fit.js';
import { formatInterval, plain } from './format.js';
import { WizardIds } from './ids.js';
import { type FieldErrors, errorFor, failedIf, stepHeader } from './wizard-parts.js';

export type SyncTypeId = 'one_time' | 'ongoing';
export const INTERVAL_CHOICES = [15, 60, 360, 1440] as const;

export interface PreviewView {
  /** Short lines such as "25 contacts", "20 to create". */
  lines: readonly string[];
  /** A few mapped records: contact → what RF would receive. */
  samples: ReadonlyArray<readonly [string, string]>;
  /** Why contacts would be skipped or fail, one line per reason with its count. */
  reasons?: readonly string[] | undefined;
}

export interface OverviewView {
  mappings: ReadonlyArray<readonly [string, string]>;
  syncType: SyncTypeId;
  /** Undefined: none of the choices (the dropdown shows none chosen). */
  intervalMinutes: number | undefined;
  /** Ongoing syncs: what happens to the referrer of a contact archived, deleted or out of the audience. */
  onContactGone?: 'keep' | 'remove' | undefined;
  preview?: PreviewView | undefined;
  /** What the next run reads, e.g. "The next run reads all 87 contacts (settings changed)." */
  nextRun?: string | undefined;
  errors?: FieldErrors | undefined;
}

function previewComponents(p: PreviewView): Component[] {
  return [
    text(`**Preview:** ${p.lines.join(' · ')}`),
    ...(p.reasons ?? []).map((r) => text(plain(r), { style: 'muted' })),
    ...factComponents(p.samples),
  ];
}

export function overviewScreen(v: OverviewView, storedData: StoredData): CanvasObject {
  const intervals = INTERVAL_CHOICES.map((m) => option(String(m), formatInterval(m)));
  return canvas([
    ...stepHeader('overview'),
    ...factComponents(v.mappings),
    singleSelect(WizardIds.syncType, [option('one_time', 'One-Time Sync'), option('ongoing', 'Ongoing Sync')], {
      label: 'Sync Type',
      value: v.syncType,
      action: { type: 'submit' },
    }),
    ...(v.syncType === 'ongoing'
      ? [dropdown(WizardIds.interval, intervals, {
          label: 'Runs',
          ...(v.intervalMinutes === undefined ? {} : { value: String(v.intervalMinutes) }),
          saveState: failedIf(v.errors, WizardIds.interval),
        }), ...errorFor(v.errors, WizardIds.interval),
        dropdown(WizardIds.onContactGone, [option('keep', 'Keep the referrer'), option('remove', 'Remove it from the campaign')], {
          label: 'When a contact is archived, deleted or leaves the audience',
          value: v.onContactGone ?? 'keep',
        })]
      : []),
    ...(v.preview ? previewComponents(v.preview) : []),
    ...(v.nextRun ? [text(v.nextRun, { style: 'muted' })] : []),
    ...errorFor(v.errors, WizardIds.preview),
    ...errorFor(v.errors, WizardIds.start),
    submitButton(WizardIds.start, 'Start Sync'),
    submitButton(WizardIds.preview, 'Preview', { style: 'secondary' }),
    submitButton(WizardIds.back, 'Back', { style: 'secondary' }),
  ], storedData);
}
