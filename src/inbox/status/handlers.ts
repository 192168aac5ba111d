import { z } from 'zod';
import { StatusIds, StatusRunIds, type StatusActionId, type StatusRunActionId } from '../../../canvas/screens/ids.js';
import type { SyncRun } from '../../sync/run-record.js';
import { initializeCard } from '../card/card.js';
import type { SyncDefinition } from '../../sync/definition.js';
import { type InboxEnv, type InboxHandler, type InboxRequest, type InboxResult, campaignLabel, syncOf, wizardDefinitions } from '../card/inbox-env.js';
import { describeFailure } from '../card/messages.js';
import { forbiddenResult, isAdminRequest, openWizard, openWizardAtAudience } from '../wizard/open.js';
import { type Notice, renderStatus, runsOf, segmentBlocked, segmentSyncsOf, whyNoRun } from './render.js';
import { renderSyncList } from './sync-list.js';
import { openRunErrors, retryFailed } from '../run-errors/handlers.js';

// Sync status (app admins): progress, last runs, a run's errors, retry, pause/resume/stop, edit.

const StatusStoredSchema = z.object({
  v: z.literal(1), flow: z.literal('status'),
  syncId: z.string().min(1).max(100).optional(),
  runId: z.string().min(1).max(100).optional(),
  history: z.array(z.string().min(1).max(100)).max(StatusRunIds.length).optional(),
});

/** The run the screen showed, if it still belongs to this sync (or a teammate's segment sync made from it); else the newest. */
async function shownRun(req: InboxRequest, env: InboxEnv, def: SyncDefinition): Promise<SyncRun | undefined> {
  const sd = StatusStoredSchema.safeParse(req.storedData);
  const wanted = sd.success && sd.data.runId ? await env.sync.getRun(sd.data.runId) : undefined;
  if (wanted && wanted.workspaceId === req.workspaceId) {
    if (wanted.syncId === def.id || (await segmentSyncsOf(env, def)).some((d) => d.id === wanted.syncId)) return wanted;
  }
  return (await runsOf(env, def)).shown;
}

/** A row of Last runs: the status with that run shown (runsOf checks that it is this sync's or a teammate's made from it). */
const showRun = (i: number): InboxHandler => withSync(async (req, env, def) => {
  const sd = StatusStoredSchema.safeParse(req.storedData);
  return { canvas: await renderStatus(env, req.workspaceId, def.id, undefined, sd.success ? sd.data.history?.[i] : undefined, req.adminId) };
});

export const STATUS_RUN_HANDLERS: Record<StatusRunActionId, InboxHandler> =
  Object.fromEntries(StatusRunIds.map((id, i) => [id, showRun(i)])) as Record<StatusRunActionId, InboxHandler>;

const status = async (env: InboxEnv, req: InboxRequest, syncId: string, notice?: Notice): Promise<InboxResult> =>
  ({ canvas: await renderStatus(env, req.workspaceId, syncId, notice, undefined, req.adminId) });

/**
 * The sync the screen was showing (stored_data, checked against the workspace's syncs). A screen
 * drawn before there were several names none: the workspace's only sync. Otherwise the list.
 */
async function syncOfScreen(req: InboxRequest, env: InboxEnv): Promise<SyncDefinition | undefined> {
  const sd = StatusStoredSchema.safeParse(req.storedData);
  if (sd.success && sd.data.syncId) return syncOf(env, req.workspaceId, sd.data.syncId);
  const defs = await wizardDefinitions(env, req.workspaceId);
  return defs.length === 1 ? defs[0] : undefined;
}

function withSync(fn: (req: InboxRequest, env: InboxEnv, def: SyncDefinition) => Promise<InboxResult>): InboxHandler {
  return async (req, env) => {
    if (!(await isAdminRequest(req, env))) return forbiddenResult();
    const def = await syncOfScreen(req, env);
    if (!def) {
      if ((await wizardDefinitions(env, req.workspaceId)).length === 0) return { canvas: await renderStatus(env, req.workspaceId) };
      return renderSyncList(env, req.workspaceId, { style: 'error', text: 'That sync no longer exists. Here are the current ones.' });
    }
    try {
      return await fn(req, env, def);
    } catch (err) {
      return { ...(await status(env, req, def.id, { style: 'error', text: describeFailure(err) })), failure: err };
    }
  };
}

/** A run's failed or skipped contacts: the run the screen showed (the sync's, or a teammate's run from its history). */
const issuesOf = (kind: 'failed' | 'skipped'): InboxHandler => withSync(async (req, env, def) =>
  (await openRunErrors(req, env, await shownRun(req, env, def), kind, 'status', def.id)) ?? status(env, req, def.id));

export const STATUS_HANDLERS: Record<StatusActionId, InboxHandler> = {
  [StatusIds.refresh]: withSync(async (req, env, def) => status(env, req, def.id)),
  [StatusIds.errors]: issuesOf('failed'),
  [StatusIds.skipped]: issuesOf('skipped'),
  // Refused when it cannot succeed (a stale screen may still show the button): the screen says why, with the fix.
  [StatusIds.runNow]: withSync(async (req, env, def) => {
    if (await whyNoRun(env, def)) return status(env, req, def.id, { style: 'error', text: 'Not started.' });
    const r = await env.sync.startRun(def.id, { trigger: 'manual' });
    return status(env, req, def.id, r.started
      ? { style: 'muted', text: 'Sync started.' }
      : { style: 'error', text: 'A run is already in progress.' });
  }),
  [StatusIds.fullSync]: withSync(async (req, env, def) => {
    if (await whyNoRun(env, def)) return status(env, req, def.id, { style: 'error', text: 'Not started.' });
    const r = await env.sync.startRun(def.id, { trigger: 'manual', mode: 'full' });
    return status(env, req, def.id, r.started
      ? { style: 'muted', text: 'Full sync started: every contact of the audience is read again.' }
      : { style: 'error', text: 'A run is already in progress.' });
  }),
  [StatusIds.retryFailed]: retryFailed,
  [StatusIds.pause]: withSync(async (req, env, def) => {
    if (await env.sync.setEnabled(def.id, false)) await env.installations.record(req.workspaceId, 'sync_paused', req.adminId, campaignLabel(def));
    return status(env, req, def.id, { style: 'muted', text: 'Paused: no new runs until you resume.' });
  }),
  [StatusIds.resume]: withSync(async (req, env, def) => {
    if (await env.sync.setEnabled(def.id, true)) await env.installations.record(req.workspaceId, 'sync_resumed', req.adminId, campaignLabel(def));
    return status(env, req, def.id, { style: 'muted', text: 'Resumed.' });
  }),
  // Stops the run the screen showed (the sync's, or a teammate's made from it), never another one going.
  [StatusIds.stop]: withSync(async (req, env, def) => {
    const shown = await shownRun(req, env, def);
    const current = shown ? await env.sync.currentRun(shown.syncId) : null;
    if (!shown || current?.id !== shown.id) {
      return { canvas: await renderStatus(env, req.workspaceId, def.id, { style: 'muted', text: 'That run has already ended: nothing was stopped.' }, shown?.id, req.adminId) };
    }
    await env.sync.cancelRun(shown.syncId);
    const text = shown.syncId === def.id ? 'Stopping: the run ends after the contact in hand.' : 'Stopping the teammate’s sync: it ends after the contact in hand.';
    return { canvas: await renderStatus(env, req.workspaceId, def.id, { style: 'muted', text }, shown.id, req.adminId) };
  }),
  // Edits the sync this screen shows, not "the" sync.
  // "Choose another segment" (the segment is gone or empty) opens at the segment, not the campaign.
  [StatusIds.edit]: withSync(async (req, env, def) =>
    (await segmentBlocked(env, def)) ? openWizardAtAudience(req, env, def) : openWizard(req, env, def.id)),
  // Back to the list when there are several syncs, else to the card.
  [StatusIds.back]: async (req, env) =>
    (await wizardDefinitions(env, req.workspaceId)).length > 1 && (await isAdminRequest(req, env))
      ? renderSyncList(env, req.workspaceId)
      : initializeCard(req, env),
};
