import { CardIds, SegmentSyncIds, type SegmentSyncActionId } from '../../../canvas/screens/ids.js';
import { noticeScreen } from '../../../canvas/screens/notice.js';
import { pickedValue, singleMatch, turnPage } from '../../../canvas/screens/picker.js';
import { campaignChoiceScreen, segmentChoiceScreen, segmentConfirmScreen, segmentProgressScreen } from '../../../canvas/screens/segment-sync.js';
import type { SegmentInfo } from '../../sync/ports.js';
import { initializeCard } from '../card/card.js';
import { type InboxEnv, type InboxHandler, type InboxRequest, type InboxResult, campaignLabel, canSyncSegments, definitionOf, installationOf, isAppAdmin, syncOf, wizardDefinitions } from '../card/inbox-env.js';
import { describeFailure } from '../card/messages.js';
import { renderStatus } from '../status/render.js';
import { isActive, runView } from '../status/run-view.js';
import type { Notice } from '../status/render.js';
import type { SyncRun } from '../../sync/run-record.js';
import { openRunErrors } from '../run-errors/handlers.js';
import { absorbPicker } from '../wizard/absorb.js';
import { audienceLabel } from '../wizard/draft.js';
import { segmentItems } from '../wizard/render.js';
import { emptySegmentReason } from '../wizard/transitions.js';
import { type SegmentSyncState, SegmentSyncStateSchema, StatusOriginSchema, newSegmentSyncState } from './state.js';

// "Sync a segment": choose a segment → confirm → a one-time run into the configured campaign
// with the saved mapping → its progress. App admins may switch it off for other teammates.

const PREFIX = 'segsync.segment';
const sd = (s: SegmentSyncState) => s as unknown as Record<string, unknown>;

const message = (text: string, style: 'muted' | 'error' = 'error'): InboxResult => ({
  canvas: noticeScreen({ title: 'Sync a segment', message: text, style, action: { id: CardIds.home, label: 'Back' } }, { v: 1, flow: 'card' }),
});

const segmentsOf = async (env: InboxEnv, ws: string): Promise<SegmentInfo[]> => (await env.intercomFor(ws)).listSegments();

/** The syncs a teammate chooses from, told apart by campaign (and audience when two share one). */
async function syncChoices(env: InboxEnv, ws: string): Promise<{ id: string; label: string }[]> {
  const defs = await wizardDefinitions(env, ws);
  return defs.map((d) => {
    const shared = defs.filter((o) => o.campaignId === d.campaignId).length > 1;
    return { id: d.id, label: shared ? `${campaignLabel(d)} (${audienceLabel(d.audience)})` : campaignLabel(d) };
  });
}

/** The chosen sync, if it is (still) one of the workspace's; else its first. */
const baseSync = async (env: InboxEnv, s: SegmentSyncState) =>
  (await syncOf(env, s.workspaceId, s.syncId)) ?? (await definitionOf(env, s.workspaceId));

/** Who may stop a segment sync's run: the teammate who started it (its definition's createdBy) and app admins. */
async function mayStop(env: InboxEnv, run: SyncRun, adminId: string): Promise<boolean> {
  if (isAppAdmin(await installationOf(env, run.workspaceId), adminId)) return true;
  const def = await env.sync.getDefinition(run.syncId);
  return def?.origin === 'segment_once' && def.createdBy === adminId;
}

async function render(s: SegmentSyncState, env: InboxEnv, error?: string, adminId?: string, notice?: Notice): Promise<InboxResult> {
  if (s.step === 'campaign') {
    return { canvas: campaignChoiceScreen({ syncs: await syncChoices(env, s.workspaceId), value: s.syncId, error }, sd(s)) };
  }
  if (s.step === 'choose') {
    const segments = segmentItems(await segmentsOf(env, s.workspaceId));
    const value = singleMatch(segments, s.picker.filter, s.picker.value);
    const held = { ...s, picker: { ...s.picker, ...(value ? { value } : {}) } };
    return { canvas: segmentChoiceScreen({ segments, filter: s.picker.filter, page: s.picker.page, segmentId: value, error }, sd(held)) };
  }
  if (s.step === 'confirm') {
    const def = await baseSync(env, s);
    const seg = (await segmentsOf(env, s.workspaceId)).find((g) => g.id === s.picker.value);
    return { canvas: segmentConfirmScreen({ segment: seg?.name ?? s.segmentName ?? 'the segment', count: seg?.count ?? null, campaign: def ? campaignLabel(def) : 'the campaign', error }, sd(s)) };
  }
  const run = s.runId ? await env.sync.getRun(s.runId) : undefined;
  if (!run || run.workspaceId !== s.workspaceId) return message('That run is no longer available.');
  const canStop = adminId !== undefined && isActive(run) && (await mayStop(env, run, adminId));
  return { canvas: segmentProgressScreen({ segment: s.segmentName ?? 'the segment', run: runView(run, env.clock.now()), canStop, notice }, sd(s)) };
}

/** Refuses when segment syncs are off for this teammate or nothing is set up; else the parsed state. */
async function guard(req: InboxRequest, env: InboxEnv): Promise<InboxResult | undefined> {
  const inst = await installationOf(env, req.workspaceId);
  if (!inst || inst.status !== 'active' || !inst.referralFactory) return message('The app is not ready: an app admin must finish its setup.');
  if (!canSyncSegments(inst, req.adminId)) return message('An app admin has switched segment syncs off for teammates.');
  if (!(await definitionOf(env, req.workspaceId))) return message('No campaign is set up yet: an app admin must set up the sync first.');
  return undefined;
}

type Step = (s: SegmentSyncState, req: InboxRequest, env: InboxEnv) => Promise<InboxResult>;

/** "More…" (+1) and "Previous" (-1) in the segment list. */
const turn = (delta: 1 | -1): Step => async (s, _req, env) => {
  const page = turnPage(segmentItems(await segmentsOf(env, s.workspaceId)), s.picker.filter, s.picker.page, delta);
  return render({ ...s, picker: { ...s.picker, page } }, env);
};

function handler(step: Step): InboxHandler {
  return async (req, env) => {
    const refused = await guard(req, env);
    if (refused) return refused;
    const parsed = SegmentSyncStateSchema.safeParse(req.storedData);
    if (!parsed.success || parsed.data.workspaceId !== req.workspaceId) {
      return message('This screen is out of date or was changed, so it was not used. Start again.');
    }
    const s = parsed.data.step === 'choose' ? { ...parsed.data, picker: absorbPicker(parsed.data.picker, req.inputValues, PREFIX) } : parsed.data;
    try {
      return await step(s, req, env);
    } catch (err) {
      return { ...message(describeFailure(err)), failure: err };
    }
  };
}

export const SEGMENT_SYNC_HANDLERS: Record<SegmentSyncActionId, InboxHandler> = {
  [SegmentSyncIds.campaignNext]: handler(async (s, req, env) => {
    const chosen = await syncOf(env, s.workspaceId, pickedValue(req.inputValues[SegmentSyncIds.campaign]));
    if (!chosen) return render({ ...s, step: 'campaign' }, env, 'Choose a campaign.');
    return render({ ...s, step: 'choose', syncId: chosen.id }, env);
  }),
  [SegmentSyncIds.segment.filterGo]: handler(async (s, _req, env) => render({ ...s, picker: { ...s.picker, page: 0 } }, env)),
  [SegmentSyncIds.segment.more]: handler(turn(1)),
  [SegmentSyncIds.segment.previous]: handler(turn(-1)),
  [SegmentSyncIds.next]: handler(async (s, _req, env) => {
    const seg = (await segmentsOf(env, s.workspaceId)).find((g) => g.id === s.picker.value);
    if (!seg) return render(s, env, 'Choose a segment.');
    if (seg.count === 0) return render(s, env, emptySegmentReason(seg.name));
    return render({ ...s, step: 'confirm', segmentName: seg.name }, env);
  }),
  [SegmentSyncIds.confirm]: handler(async (s, req, env) => {
    if (s.step !== 'confirm' || !s.picker.value) return render({ ...s, step: 'choose' }, env, 'Choose a segment.');
    // stored_data may be forged: the segment must be one of this workspace's, named as Intercom names it.
    const seg = (await segmentsOf(env, s.workspaceId)).find((g) => g.id === s.picker.value);
    if (!seg) {
      const { value: _forged, ...picker } = s.picker;
      return render({ ...s, step: 'choose', picker }, env, 'That segment is not in this workspace (any more): choose another.');
    }
    if (seg.count === 0) return render({ ...s, step: 'choose' }, env, emptySegmentReason(seg.name));
    // A sync removed meanwhile (or a forged id): its first sync, as the confirm screen said.
    const base = await baseSync(env, s);
    const r = await env.sync.runSegmentOnce(req.workspaceId, seg.id, 'teammate', seg.name, base?.id, req.adminId);
    if (!r.run) return render(s, env, 'A sync is already running. Try again when it ends.');
    const next = { ...s, step: 'progress' as const, segmentName: seg.name, runId: r.run.id };
    const result = await render(next, env, r.started ? undefined : 'A sync is already running.', req.adminId);
    return { ...result, completed: r.started };
  }),
  [SegmentSyncIds.refresh]: handler(async (s, req, env) => render(s, env, undefined, req.adminId)),
  // The run shown, if it is still going and who asks started it (or is an app admin): stored_data may be forged.
  [SegmentSyncIds.stop]: handler(async (s, req, env) => {
    const run = s.step === 'progress' && s.runId ? await env.sync.getRun(s.runId) : null;
    if (!run || run.workspaceId !== s.workspaceId) return message('That run is no longer available.');
    if (!(await mayStop(env, run, req.adminId))) {
      return render(s, env, undefined, req.adminId, { style: 'error', text: 'Only the teammate who started this sync, or an app admin, can stop it.' });
    }
    const current = await env.sync.currentRun(run.syncId);
    if (current?.id !== run.id) return render(s, env, undefined, req.adminId, { style: 'muted', text: 'That run has already ended: nothing was stopped.' });
    await env.sync.cancelRun(run.syncId);
    return render(s, env, undefined, req.adminId, { style: 'muted', text: 'Stopping: the run ends after the contact in hand.' });
  }),
  // The teammate's own run: its failed and skipped contacts.
  [SegmentSyncIds.failed]: handler(async (s, req, env) =>
    (await openRunErrors(req, env, s.runId ? await env.sync.getRun(s.runId) : null, 'failed', 'segment', s.syncId)) ?? render(s, env)),
  [SegmentSyncIds.skipped]: handler(async (s, req, env) =>
    (await openRunErrors(req, env, s.runId ? await env.sync.getRun(s.runId) : null, 'skipped', 'segment', s.syncId)) ?? render(s, env)),
  [SegmentSyncIds.back]: handler(async (s, req, env) => {
    if (s.step === 'confirm') return render({ ...s, step: 'choose' }, env);
    if (s.step === 'choose' && (await wizardDefinitions(env, s.workspaceId)).length > 1) return render({ ...s, step: 'campaign' }, env);
    // Opened from a sync's status (app admins): back there, if that sync still exists.
    const from = s.fromSync && isAppAdmin(await installationOf(env, s.workspaceId), req.adminId) ? await syncOf(env, s.workspaceId, s.fromSync) : undefined;
    if (from) return { canvas: await renderStatus(env, s.workspaceId, from.id, undefined, undefined, req.adminId) };
    return initializeCard(req, env);
  }),
};

/** "Sync a segment" on the card. */
export const openSegmentSync: InboxHandler = async (req, env) => {
  const refused = await guard(req, env);
  if (refused) return refused;
  try {
    const from = StatusOriginSchema.safeParse(req.storedData);
    const ids = (await wizardDefinitions(env, req.workspaceId)).map((d) => d.id);
    return await render(newSegmentSyncState(req.workspaceId, ids, from.success ? from.data.syncId : undefined), env);
  } catch (err) {
    return { ...message(describeFailure(err)), failure: err };
  }
};
