import { type Component, dataTable, text } from '../index.js';
import { formatCount } from './format.js';

export interface RunCountsView {
  created: number;
  linked: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export interface RunView {
  /** e.g. "Running", "Finished", "Finished with errors", "Stopped". */
  statusLabel: string;
  active: boolean;
  processed: number;
  total: number | null;
  counts: RunCountsView;
  /** e.g. "started 3 min ago". */
  when: string;
  issues: number;
}

export const RUN_STATUS_LABELS = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Finished',
  finished_with_errors: 'Finished with errors',
  failed: 'Failed',
  cancelled: 'Stopped',
} as const;

export function runProgressComponents(r: RunView): Component[] {
  const of = r.total === null ? '' : ` of ${formatCount(r.total)}`;
  return [
    text(`**${r.statusLabel}** · ${formatCount(r.processed)}${of} processed · ${r.when}`),
    dataTable([
      ['Created', formatCount(r.counts.created)],
      ['Linked', formatCount(r.counts.linked)],
      ['Updated', formatCount(r.counts.updated)],
      ['Unchanged', formatCount(r.counts.unchanged)],
      ['Skipped', formatCount(r.counts.skipped)],
      ['Failed', formatCount(r.counts.failed)],
    ]),
  ];
}
