import type { CanvasObject } from '../../../canvas/index.js';
import { CardIds } from '../../../canvas/screens/ids.js';
import { noticeScreen } from '../../../canvas/screens/notice.js';
import { statusScreen } from '../../../canvas/screens/status.js';
import type { SyncRun } from '../../sync/run-record.js';
import { type InboxEnv, definitionOf } from '../card/inbox-env.js';
import { audienceLabel, scheduleLabel } from '../wizard/draft.js';
import { historyRow, runView } from './run-view.js';

export interface StatusStoredData {
  v: 1;
  flow: 'status';
  runId?: string;
}

export type Notice = { style: 'muted' | 'error'; text: string };

/** The run to show: the current one, else the newest; and the earlier ones, newest first. */
export async function runsOf(env: InboxEnv, syncId: string): Promise<{ shown: SyncRun | undefined; earlier: SyncRun[] }> {
  const current = (await env.sync.currentRun(syncId)) ?? undefined;
  const runs = [...(await env.sync.listRuns(syncId))].sort((a, b) => b.queuedAt - a.queuedAt);
  const shown = current ?? runs[0];
  return { shown, earlier: runs.filter((r) => r.id !== shown?.id) };
}

export async function renderStatus(env: InboxEnv, workspaceId: string, notice?: Notice): Promise<CanvasObject> {
  const def = await definitionOf(env, workspaceId);
  if (!def) {
    return noticeScreen({ title: 'Sync status', message: 'No sync is set up yet.', action: { id: CardIds.settings, label: 'Set up a sync' } }, { v: 1, flow: 'card' });
  }
  const now = env.clock.now();
  const { shown, earlier } = await runsOf(env, def.id);
  const ongoing = def.schedule.type === 'ongoing';
  const paused = ongoing && !def.enabled;
  const stored: StatusStoredData = { v: 1, flow: 'status', ...(shown ? { runId: shown.id } : {}) };
  return statusScreen({
    campaign: def.campaignName ?? `Campaign ${def.campaignId}`,
    audience: audienceLabel(def.audience),
    schedule: `${scheduleLabel(def.schedule)}${paused ? ', paused' : ''}`,
    ongoing,
    paused,
    run: shown ? runView(shown, now) : undefined,
    history: earlier.slice(0, 3).map((r) => historyRow(r, now)),
    notice,
  }, { ...stored });
}
