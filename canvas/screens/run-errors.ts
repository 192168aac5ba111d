import { type CanvasObject, type Component, type StoredData, canvas, spacer, submitButton, text, urlButton } from '../index.js';
import { formatCount, plain } from './format.js';
import { RunErrorsIds, StatusIds } from './ids.js';

// A run's failed or skipped contacts (issue #13): counts per reason, then each contact by name and
// email with the whole reason on its own line (text, not a data-table: nothing is cut off at
// 360 px), paged both ways, and a link to the full list with a CSV download.

export interface IssueRowView {
  name: string;
  /** The email, or "no email". */
  email: string;
  reason: string;
}

export interface RunErrorsView {
  kind: 'failed' | 'skipped';
  /** Every contact of this kind in the run. */
  total: number;
  /** How many of them the run kept by name (a bounded sample). */
  kept: number;
  /** "Run of 5 min ago · Finished with errors". */
  runLine: string;
  reasons: ReadonlyArray<{ count: number; message: string }>;
  rows: readonly IssueRowView[];
  /** Index (0-based) of the first row shown among the kept ones. */
  offset: number;
  hasPrev: boolean;
  hasNext: boolean;
  /** The signed, short-lived link to the full list (absent when it cannot be made). */
  fullListUrl?: string | undefined;
  canRetry: boolean;
  /** The person looking is an app admin (Retry failed is theirs; a teammate is told who can retry). */
  admin?: boolean | undefined;
  notice?: { style: 'muted' | 'error'; text: string } | undefined;
}

const TITLES = { failed: 'Failed contacts', skipped: 'Skipped contacts' } as const;
const NONE = { failed: 'No contact failed in this run.', skipped: 'No contact was skipped in this run.' } as const;
const SKIPPED_WHAT = 'Skipped: they cannot be referrers as they are (no email, a required field empty). Fix the contacts in Intercom; the next run picks them up.';
const FAILED_WHAT = 'Failed: Referral Factory or Intercom refused them.';

/** What to do, naming only a button that is on the screen (a teammate has no Retry failed; a run going has none yet). */
function whatToDo(v: RunErrorsView): string {
  if (v.kind === 'skipped') return SKIPPED_WHAT;
  if (v.canRetry) return `${FAILED_WHAT} Fix the cause, then Retry failed.`;
  if (v.admin) return `${FAILED_WHAT} Fix the cause; Retry failed is offered once the run has ended.`;
  return `${FAILED_WHAT} An app admin can retry them from Sync settings (Retry failed).`;
}

function rowComponents(r: IssueRowView): Component[] {
  return [
    text(`**${plain(r.name)}** · ${plain(r.email)}`, { bottomMargin: 'none' }),
    text(plain(r.reason), { style: 'muted' }),
  ];
}

export function runErrorsScreen(v: RunErrorsView, storedData: StoredData): CanvasObject {
  const last = v.offset + v.rows.length;
  const range = v.rows.length === 0 ? [] : [text(`Contacts ${formatCount(v.offset + 1)}–${formatCount(last)} of ${formatCount(v.kept)}.`, { style: 'muted' })];
  const sample = v.kept < v.total
    ? [text(`The run kept ${formatCount(v.kept)} of its ${formatCount(v.total)} by name; the counts above cover all of them.`, { style: 'muted' })]
    : [];
  const paging = [
    ...(v.hasPrev ? [submitButton(RunErrorsIds.prev, 'Previous', { style: 'secondary' })] : []),
    ...(v.hasNext ? [submitButton(RunErrorsIds.next, 'Next', { style: 'secondary' })] : []),
  ];
  return canvas([
    text(`${TITLES[v.kind]} (${formatCount(v.total)})`, { style: 'header' }),
    text(plain(v.runLine), { style: 'muted' }),
    ...(v.notice ? [text(v.notice.text, { style: v.notice.style })] : []),
    ...(v.total === 0 ? [text(NONE[v.kind], { style: 'muted' })] : [text(whatToDo(v), { style: 'muted' })]),
    ...v.reasons.map((r) => text(`**${formatCount(r.count)}** · ${plain(r.message)}`, { bottomMargin: 'none' })),
    ...(v.reasons.length > 0 ? [spacer('s')] : []),
    ...v.rows.flatMap(rowComponents),
    ...range,
    ...sample,
    ...paging,
    ...(v.fullListUrl && v.kept > 0 ? [urlButton(RunErrorsIds.fullList, 'Full list and CSV', v.fullListUrl, { style: 'secondary' })] : []),
    ...(v.canRetry ? [submitButton(StatusIds.retryFailed, 'Retry failed')] : []),
    submitButton(RunErrorsIds.back, 'Back', { style: 'link' }),
  ], storedData);
}
