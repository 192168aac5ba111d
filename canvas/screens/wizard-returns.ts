import { type CanvasObject, type Component, type StoredData, canvas, dropdown, option, text } from '../index.js';
import { FITS } from './fit.js';
import { plain } from './format.js';
import { WizardIds, returnTargetId } from './ids.js';
import { type FieldErrors, errorFor, failedIf, navigation, stepHeader } from './wizard-parts.js';

/** Option ids of a return dropdown: `none`, `new`, `existing:<name>`, or `existing:?` (choose one). */
export const RETURN_NONE = 'none';
export const RETURN_NEW = 'new';
export const RETURN_PICK_EXISTING = 'existing:?';

export interface ReturnRow {
  /** `referral_link`, `referrals_count`, `converted_referrals_count`. */
  value: string;
  label: string;
  /** Name the app gives the attribute it creates, and whether it exists already (then it is not new). */
  newName: string;
  newExists?: boolean | undefined;
  target: string;
}

/** What the app does in Intercom for someone who joins on RF's own page (RF's "Nothing / Create New Lead / Create New User"). */
export type NewReferrersChoice = 'nothing' | 'lead' | 'user';

export const NEW_REFERRER_LABELS: Record<NewReferrersChoice, string> = {
  nothing: 'Do nothing',
  lead: 'Create or update a Lead',
  user: 'Create or update a User',
};

export interface ReturnsView {
  rows: readonly ReturnRow[];
  /** Absent: `nothing`. */
  newReferrers?: NewReferrersChoice | undefined;
  /** Advice shown beside the choice (the app's words; the screen only draws it). */
  newReferrersWarning?: string | undefined;
  errors?: FieldErrors | undefined;
}

/** An attribute's name as a dropdown shows it: only ids may be shortened. */
const shortName = (name: string): string => (name.length <= FITS.option ? name : `${name.slice(0, FITS.option - 1)}…`);

function rowComponents(r: ReturnRow, errors: FieldErrors | undefined): Component[] {
  const id = returnTargetId(r.value);
  // One entry per attribute: the app's own name is the "new" choice even when chosen as existing.
  const target = r.target === `existing:${r.newName}` ? RETURN_NEW : r.target;
  const existing = target.startsWith('existing:') && target !== RETURN_PICK_EXISTING
    ? [option(target, shortName(target.slice('existing:'.length)))]
    : [];
  const newLabel = r.newExists ? r.newName : `${r.newName} (new)`;
  return [
    dropdown(id, [
      option(RETURN_NONE, 'Do not send'),
      // The attribute's name alone (an id), so the longest default still fits a 336 px dropdown (canvas/fit.ts).
      option(RETURN_NEW, newLabel),
      ...existing,
      option(RETURN_PICK_EXISTING, 'Existing attribute…'),
    ], { label: r.label, value: target, saveState: failedIf(errors, id) }),
    // A name that carries its campaign (a second campaign's sync) is longer: written out whole below.
    ...(target === RETURN_NEW && newLabel.length > FITS.option ? [text(plain(newLabel), { style: 'muted' })] : []),
    ...errorFor(errors, id),
  ];
}

export function returnsScreen(v: ReturnsView, storedData: StoredData): CanvasObject {
  return canvas([
    ...stepHeader('returns'),
    text('Optional: write each referrer’s data back onto the Intercom contact.', { style: 'muted' }),
    ...v.rows.flatMap((r) => [
      // The Referred by rows go on a referred friend's contact, not the referrer's: said once, above them.
      ...(r.value === 'referred_by_name' ? [text('Optional: on a referred friend’s contact, who invited them (from Referral Factory’s webhooks, see App settings).', { style: 'muted' })] : []),
      ...rowComponents(r, v.errors),
    ]),
    // RF → Intercom for people Intercom does not know yet; RF's own integration asks the same.
    text('Optional: someone who joins on your Referral Factory page gets an Intercom contact with their link and counts.', { style: 'muted' }),
    dropdown(WizardIds.newReferrers, (['nothing', 'lead', 'user'] as const).map((k) => option(k, NEW_REFERRER_LABELS[k])), {
      label: 'New referrers from your RF page',
      value: v.newReferrers ?? 'nothing',
    }),
    ...(v.newReferrersWarning ? [text(plain(v.newReferrersWarning), { style: 'muted' })] : []),
    ...navigation(WizardIds.returnsNext),
  ], storedData);
}
