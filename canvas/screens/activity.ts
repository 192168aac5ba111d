import { type CanvasObject, type StoredData, canvas, submitButton, text } from '../index.js';
import { AppIds } from '../ids.js';
import { formatUtc, plain } from './format.js';

// App settings › Activity: who changed the app's settings, newest first. Pure: the names come
// resolved, the sentences are made here.

export type ActivityLineKind =
  | 'installed' | 'reinstalled' | 'admin_added' | 'admin_removed' | 'rf_connected' | 'rf_disconnected' | 'rf_webhook_rotated'
  | 'segment_syncs_opened' | 'segment_syncs_limited'
  | 'sync_created' | 'sync_edited' | 'sync_paused' | 'sync_resumed' | 'sync_deleted';

export interface ActivityLine {
  at: number;
  kind: ActivityLineKind;
  /** Who did it (a teammate's name); null for the operator. */
  who: string | null;
  /** A teammate's name, a campaign's. */
  subject?: string | undefined;
}

export interface ActivityView {
  lines: readonly ActivityLine[];
  /** How many the app keeps (the oldest go first). */
  kept: number;
}

const SENTENCES: Record<ActivityLineKind, (subject: string) => string> = {
  installed: () => 'installed the app',
  reinstalled: () => 'reinstalled the app (a new Intercom token)',
  admin_added: (s) => `made ${s} an app admin`,
  admin_removed: (s) => `removed ${s} from the app admins`,
  rf_connected: () => 'connected Referral Factory',
  rf_webhook_rotated: () => 'replaced the Referral Factory webhook URL',
  rf_disconnected: () => 'disconnected Referral Factory',
  segment_syncs_opened: () => 'let all teammates sync a segment',
  segment_syncs_limited: () => 'limited segment syncs to app admins',
  sync_created: (s) => `set up the sync into ${s}`,
  sync_edited: (s) => `changed the sync settings (${s})`,
  sync_paused: (s) => `paused the sync into ${s}`,
  sync_resumed: (s) => `resumed the sync into ${s}`,
  sync_deleted: (s) => `deleted the sync into ${s}`,
};

export const activitySentence = (l: ActivityLine): string =>
  `${l.who === null ? 'The operator' : plain(l.who)} ${SENTENCES[l.kind](plain(l.subject ?? '—'))}`;

export function activityScreen(v: ActivityView, storedData: StoredData): CanvasObject {
  return canvas([
    text('Activity', { style: 'header' }),
    ...(v.lines.length === 0
      ? [text('Nothing yet.', { style: 'muted' })]
      : v.lines.map((l) => text(`${activitySentence(l)} · ${formatUtc(l.at)}`))),
    text(`Newest first; the app keeps the last ${v.kept} changes.`, { style: 'muted' }),
    submitButton(AppIds.settings, 'Back', { style: 'secondary' }),
  ], storedData);
}
