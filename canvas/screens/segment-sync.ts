import { type CanvasObject, type StoredData, canvas, option, singleSelect, submitButton, text } from '../index.js';
import { plain } from './format.js';
import { SegmentSyncIds } from './ids.js';
import { type PickItem, pickerComponents } from './picker.js';
import { type RunView, issueButtons, runProgressComponents } from './run-progress.js';

// A teammate's one-off sync of one segment into the configured campaign, with the saved mapping.

export interface CampaignChoiceView {
  /** One per sync: its id and how it is told apart (the campaign, and the audience when two share a campaign). */
  syncs: ReadonlyArray<{ id: string; label: string }>;
  value?: string | undefined;
  error?: string | undefined;
}

/** When the workspace has several syncs: which campaign the segment goes into (with that sync's mapping). */
export function campaignChoiceScreen(v: CampaignChoiceView, storedData: StoredData): CanvasObject {
  return canvas([
    text('Sync a segment', { style: 'header' }),
    text('Which campaign should the segment join? Its contacts are added with that sync’s field mapping.', { style: 'muted' }),
    singleSelect(SegmentSyncIds.campaign, v.syncs.map((s) => option(s.id, s.label)), { label: 'Campaign', ...(v.value ? { value: v.value } : {}) }),
    ...(v.error ? [text(v.error, { style: 'error' })] : []),
    submitButton(SegmentSyncIds.campaignNext, 'Next'),
    submitButton(SegmentSyncIds.back, 'Back', { style: 'secondary' }),
  ], storedData);
}

export interface SegmentChoiceView {
  segments: readonly PickItem[];
  filter: string;
  page: number;
  segmentId?: string | undefined;
  error?: string | undefined;
}

export function segmentChoiceScreen(v: SegmentChoiceView, storedData: StoredData): CanvasObject {
  return canvas([
    text('Sync a segment', { style: 'header' }),
    ...pickerComponents({
      prefix: 'segsync.segment', label: 'Segment', noun: 'segment',
      items: v.segments, filter: v.filter, page: v.page, value: v.segmentId, error: v.error,
    }),
    submitButton(SegmentSyncIds.next, 'Next'),
    submitButton(SegmentSyncIds.back, 'Back', { style: 'secondary' }),
  ], storedData);
}

export interface SegmentConfirmView {
  segment: string;
  count: number | null;
  campaign: string;
  error?: string | undefined;
}

export function segmentConfirmScreen(v: SegmentConfirmView, storedData: StoredData): CanvasObject {
  const who = v.count === null ? `the contacts of ${plain(v.segment)}` : `${v.count} contacts of ${plain(v.segment)}`;
  return canvas([
    text('Sync a segment', { style: 'header' }),
    text(`Add ${who} as referrers in ${plain(v.campaign)}, once, with the saved field mapping?`),
    ...(v.error ? [text(v.error, { style: 'error' })] : []),
    submitButton(SegmentSyncIds.confirm, 'Start Sync'),
    submitButton(SegmentSyncIds.back, 'Back', { style: 'secondary' }),
  ], storedData);
}

export interface SegmentProgressView {
  segment: string;
  run: RunView;
  /** Who looks may stop the run (the teammate who started it, or an app admin). */
  canStop?: boolean | undefined;
  notice?: { style: 'muted' | 'error'; text: string } | undefined;
}

export function segmentProgressScreen(v: SegmentProgressView, storedData: StoredData): CanvasObject {
  return canvas([
    text(`Syncing ${plain(v.segment)}`, { style: 'header' }),
    ...(v.notice ? [text(v.notice.text, { style: v.notice.style })] : []),
    ...runProgressComponents(v.run),
    ...(v.run.active ? [submitButton(SegmentSyncIds.refresh, 'Refresh')] : []),
    // As on the admin's status screen: once pressed, the run shows as Stopping and Stop goes.
    ...(v.run.active && !v.run.stopping && v.canStop ? [submitButton(SegmentSyncIds.stop, 'Stop', { style: 'secondary' })] : []),
    ...issueButtons(v.run, SegmentSyncIds.failed, SegmentSyncIds.skipped),
    submitButton(SegmentSyncIds.back, 'Done', { style: 'secondary' }),
  ], storedData);
}
