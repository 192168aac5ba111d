import type { CanvasObject } from '../../../canvas/index.js';
import { CardIds, StatusRunIds } from '../../../canvas/screens/ids.js';
import { formatAgo } from '../../../canvas/screens/format.js';
import { noticeScreen } from '../../../canvas/screens/notice.js';
import { type StatusView, statusScreen } from '../../../canvas/screens/status.js';
import type { SyncDefinition } from '../../sync/definition.js';
import type { AttributeInfo, SegmentInfo } from '../../sync/ports.js';
import type { SyncRun } from '../../sync/run-record.js';
import { optionsText } from '../../sync/validate-definition.js';
import { type InboxEnv, definitionOf, syncOf, wizardDefinitions } from '../card/inbox-env.js';
import { audienceLabel, scheduleLabel } from '../wizard/draft.js';
import { RETURN_LABELS } from '../wizard/transitions.js';
import { historyRow, isActive, runView } from './run-view.js';

export interface StatusStoredData {
  v: 1;
  flow: 'status';
  /** The sync this screen shows (one of several); absent in screens drawn before there were several. */
  syncId?: string;
  runId?: string;
  /** The runs of Last runs, in their order (each row opens its run). */
  history?: string[];
}

export type Notice = { style: 'muted' | 'error'; text: string };

/**
 * Return fields the sync cannot write: one sent to a list attribute, which refuses any value but
 * its options (saved before the wizard refused them, or the attribute became a list since).
 * Nothing when Intercom cannot be asked: the rest of the screen does not depend on it.
 */
async function returnProblems(env: InboxEnv, def: SyncDefinition): Promise<string[]> {
  const targets = (Object.keys(RETURN_LABELS) as Array<keyof typeof RETURN_LABELS>).filter((v) => def.returnMapping[v]);
  if (targets.length === 0) return [];
  let attributes: AttributeInfo[];
  try {
    attributes = await (await env.intercomFor(def.workspaceId)).listDataAttributes();
  } catch {
    return [];
  }
  return targets.flatMap((v) => {
    const a = attributes.find((x) => x.custom && x.name === def.returnMapping[v]);
    if (!a?.options) return [];
    return [`${RETURN_LABELS[v]} cannot be written: ${a.name} is a list attribute and Intercom accepts only ${optionsText(a.options)}. Choose another attribute in Edit settings.`];
  });
}

/**
 * Teammates' one-off segment syncs made from this sync: their runs belong to its history. Those
 * saved before syncs had a parent belong to the workspace's first sync (the only one there was).
 */
export async function segmentSyncsOf(env: InboxEnv, def: SyncDefinition): Promise<SyncDefinition[]> {
  const all = await env.sync.listDefinitions(def.workspaceId);
  const first = (await wizardDefinitions(env, def.workspaceId))[0];
  return all.filter((d) => d.origin === 'segment_once' && (d.parentId ? d.parentId === def.id : first?.id === def.id));
}

/**
 * The run to show: the one asked for if it is this sync's (or a teammate's run made from it), else
 * the sync's current one, else its newest; and the others (teammates' included), newest first.
 */
export async function runsOf(env: InboxEnv, def: SyncDefinition, runId?: string): Promise<{ shown: SyncRun | undefined; earlier: SyncRun[]; latest: boolean; busy: 'running' | 'stopping' | false; othersBusy: boolean; segmentNames: Map<string, string> }> {
  const current = (await env.sync.currentRun(def.id)) ?? undefined;
  const own = [...(await env.sync.listRuns(def.id))].sort((a, b) => b.queuedAt - a.queuedAt);
  const children = await segmentSyncsOf(env, def);
  const teammates = (await Promise.all(children.map((d) => env.sync.listRuns(d.id)))).flat();
  const all = [...own, ...teammates];
  const newest = current ?? own[0];
  const asked = runId ? all.find((r) => r.id === runId) : undefined;
  const shown = asked ?? newest;
  const earlier = all.filter((r) => r.id !== shown?.id).sort((a, b) => b.queuedAt - a.queuedAt);
  const segmentNames = new Map(children.map((d) => [d.id, d.audience.kind === 'segment' ? (d.audience.segmentName ?? d.audience.segmentId) : ''] as const));
  return {
    shown, earlier, latest: shown?.id === newest?.id, busy: current ? (current.stopRequestedAt === undefined ? 'running' : 'stopping') : false,
    // A teammate's run (or an admin's Retry failed of it) going: not this sync's, but the screen changes.
    othersBusy: teammates.some(isActive), segmentNames,
  };
}

/** The status of one of the workspace's syncs; the workspace's only (or first) one when `syncId` is not one of its syncs. */
/** Why no run can start now, checked on every draw: Sync now is not offered, the fix is (issue #13). */
async function runBlocker(env: InboxEnv, def: SyncDefinition): Promise<StatusView['blocked']> {
  const inst = await env.installations.get(def.workspaceId);
  if (!inst?.referralFactory) return { why: 'Referral Factory is not connected, so no run can start. Connect it with its API key.', fix: 'connect_rf' };
  const audience = def.audience;
  if (audience.kind !== 'segment') return undefined;
  let segments: SegmentInfo[];
  try {
    segments = await (await env.intercomFor(def.workspaceId)).listSegments();
  } catch {
    return undefined; // Intercom not answering: the run itself will say so
  }
  const seg = segments.find((g) => g.id === audience.segmentId);
  if (!seg) return { why: `The segment ${audience.segmentName ?? audience.segmentId} no longer exists in Intercom, so no run can start.`, fix: 'edit_settings' };
  if (seg.count === 0) return { why: `The segment ${seg.name} has no contacts, so a run would do nothing. Add contacts to it in Intercom, or choose another segment.`, fix: 'edit_settings' };
  return undefined;
}

/** Whether no run can start because of the sync's segment (gone, or empty): the fix is choosing another one. */
export const segmentBlocked = async (env: InboxEnv, def: SyncDefinition): Promise<boolean> =>
  def.audience.kind === 'segment' && (await runBlocker(env, def))?.fix === 'edit_settings';

/** The reason a run cannot start now, for the handlers that would start one (a forged or stale Sync now). */
export const whyNoRun = async (env: InboxEnv, def: SyncDefinition): Promise<string | undefined> => (await runBlocker(env, def))?.why;

/**
 * The status of one of the workspace's syncs; the workspace's only (or first) one when `syncId` is
 * not one of its syncs. `adminId`: who is looking (the Connect Referral Factory link is theirs).
 */
export async function renderStatus(env: InboxEnv, workspaceId: string, syncId?: string, notice?: Notice, runId?: string, adminId?: string): Promise<CanvasObject> {
  const def = (await syncOf(env, workspaceId, syncId)) ?? (await definitionOf(env, workspaceId));
  if (!def) {
    return noticeScreen({ title: 'Sync status', message: 'No sync is set up yet.', action: { id: CardIds.settings, label: 'Set up a sync' } }, { v: 1, flow: 'card' });
  }
  const now = env.clock.now();
  const [{ shown, earlier, latest, busy, othersBusy, segmentNames }, problems, blocked] = await Promise.all([runsOf(env, def, runId), returnProblems(env, def), runBlocker(env, def)]);
  const view = shown ? runView(shown, now) : undefined;
  const fix = blocked ? blocked.fix : view?.fix;
  const connectRfUrl = fix === 'connect_rf' && adminId ? await env.rfSetupUrl(workspaceId, adminId) : undefined;
  const history = earlier.slice(0, StatusRunIds.length);
  const ongoing = def.schedule.type === 'ongoing';
  const paused = ongoing && !def.enabled;
  const stored: StatusStoredData = { v: 1, flow: 'status', syncId: def.id, ...(shown ? { runId: shown.id } : {}), history: history.map((r) => r.id) };
  const earlierRun = shown && !latest
    ? (shown.trigger === 'teammate' ? `a teammate’s sync of ${segmentNames.get(shown.syncId) || 'a segment'}` : `started ${formatAgo(shown.startedAt ?? shown.queuedAt, now)}`)
    : undefined;
  return statusScreen({
    campaign: def.campaignName ?? `Campaign ${def.campaignId}`,
    audience: audienceLabel(def.audience),
    schedule: `${scheduleLabel(def.schedule)}${paused ? ', paused' : ''}`,
    ongoing,
    paused,
    run: view,
    busy,
    blocked,
    connectRfUrl,
    segmentAudience: def.audience.kind === 'segment',
    history: history.map((r) => historyRow(r, now, segmentNames.get(r.syncId))),
    earlierRun,
    stoppable: view?.active === true && !view.stopping,
    refreshable: earlierRun !== undefined || othersBusy,
    problems,
    notice,
  }, { ...stored });
}
