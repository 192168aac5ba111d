import { formatCount } from '../../../canvas/screens/format.js';
import type { NextRunPlan } from '../../sync/sync-service.js';

const WHY: Record<NonNullable<NextRunPlan['fullReason']>, string> = {
  first_run: '',
  settings_changed: ' (the audience, campaign or mapping changed)',
  reconcile: ' (a scheduled full reconciliation is due)',
  requested: '',
};

/** The overview's line about the next run, e.g. "The next run reads all 87 contacts (the audience, campaign or mapping changed)." */
export function describeNextRun(p: NextRunPlan, schedule: 'one_time' | 'ongoing', editing: boolean): string {
  if (p.mode === 'incremental') return 'The next run reads the contacts changed since the last run.';
  const all = p.audienceSize === null ? 'every contact of the audience' : `all ${formatCount(p.audienceSize)} contacts`;
  const which = editing ? 'The next run' : schedule === 'ongoing' ? 'The first run' : 'The run';
  const later = schedule === 'ongoing' && !editing ? ' Later runs read what changed since the last one.' : '';
  return `${which} reads ${all}${p.fullReason ? WHY[p.fullReason] : ''}.${later}`;
}
