import { z } from 'zod';
import { StatusIds, type StatusActionId } from '../../../canvas/screens/ids.js';
import { runErrorsScreen } from '../../../canvas/screens/status.js';
import type { SyncRun } from '../../sync/run-record.js';
import { issuesFailuresFirst, reasonsLine } from '../../sync/run-words.js';
import { initializeCard } from '../card/card.js';
import { type InboxEnv, type InboxHandler, type InboxRequest, type InboxResult, definitionOf } from '../card/inbox-env.js';
import { describeFailure } from '../card/messages.js';
import { forbiddenResult, isAdminRequest, openWizard } from '../wizard/open.js';
import { type Notice, renderStatus, runsOf } from './render.js';
import { isActive } from './run-view.js';

// Sync status (app admins): progress, last runs, a run's errors, retry, pause/resume/stop, edit.

const StatusStoredSchema = z.object({ v: z.literal(1), flow: z.literal('status'), runId: z.string().min(1).max(100).optional() });

/** The run the screen showed, if it still belongs to this workspace's sync; else the newest. */
async function shownRun(req: InboxRequest, env: InboxEnv, syncId: string): Promise<SyncRun | undefined> {
  const sd = StatusStoredSchema.safeParse(req.storedData);
  const wanted = sd.success && sd.data.runId ? await env.sync.getRun(sd.data.runId) : undefined;
  if (wanted && wanted.syncId === syncId && wanted.workspaceId === req.workspaceId) return wanted;
  return (await runsOf(env, syncId)).shown;
}

const status = async (env: InboxEnv, req: InboxRequest, notice?: Notice): Promise<InboxResult> =>
  ({ canvas: await renderStatus(env, req.workspaceId, notice) });

function withSync(fn: (req: InboxRequest, env: InboxEnv, syncId: string) => Promise<InboxResult>): InboxHandler {
  return async (req, env) => {
    if (!(await isAdminRequest(req, env))) return forbiddenResult();
    const def = await definitionOf(env, req.workspaceId);
    if (!def) return status(env, req);
    try {
      return await fn(req, env, def.id);
    } catch (err) {
      return { ...(await status(env, req, { style: 'error', text: describeFailure(err) })), failure: err };
    }
  };
}

const issueReason = (code: string, message: string) => (message ? message : code);

/** Rows the errors screen lists: every kept failure up to this many, then skips up to the total. */
const MAX_FAILURE_ROWS = 40;
const MAX_ROWS = 60;

export const STATUS_HANDLERS: Record<StatusActionId, InboxHandler> = {
  [StatusIds.refresh]: withSync(async (req, env) => status(env, req)),
  [StatusIds.errors]: withSync(async (req, env, syncId) => {
    const run = await shownRun(req, env, syncId);
    // Failures first: they need someone's action, and a run with many skips must not hide them (issue #12, obs. 7).
    const ordered = issuesFailuresFirst(run?.issues ?? []);
    const failures = ordered.filter((i) => i.kind === 'failed').slice(0, MAX_FAILURE_ROWS);
    const shown = [...failures, ...ordered.filter((i) => i.kind === 'skipped').slice(0, MAX_ROWS - failures.length)];
    const issues = shown.map((i) => [i.email ?? `Contact ${i.contactId}`, `${i.kind === 'failed' ? 'Failed' : 'Skipped'}: ${issueReason(i.code, i.message)}`] as const);
    const canRetry = !!run && !isActive(run) && run.counts.failed > 0;
    const summary = run?.reasons && run.reasons.length > 0 ? reasonsLine(run.reasons) : undefined;
    return {
      canvas: runErrorsScreen({ issues, total: run ? run.counts.failed + run.counts.skipped : 0, summary, canRetry },
        { v: 1, flow: 'status', ...(run ? { runId: run.id } : {}) }),
    };
  }),
  [StatusIds.runNow]: withSync(async (req, env, syncId) => {
    const r = await env.sync.startRun(syncId, { trigger: 'manual' });
    return status(env, req, r.started
      ? { style: 'muted', text: 'Sync started.' }
      : { style: 'error', text: 'A run is already in progress.' });
  }),
  [StatusIds.fullSync]: withSync(async (req, env, syncId) => {
    const r = await env.sync.startRun(syncId, { trigger: 'manual', mode: 'full' });
    return status(env, req, r.started
      ? { style: 'muted', text: 'Full sync started: every contact of the audience is read again.' }
      : { style: 'error', text: 'A run is already in progress.' });
  }),
  [StatusIds.retryFailed]: withSync(async (req, env, syncId) => {
    const r = await env.sync.startRun(syncId, { trigger: 'retry', mode: 'retry_failed' });
    return status(env, req, r.started
      ? { style: 'muted', text: 'Retrying the failed contacts.' }
      : { style: 'error', text: 'A run is already in progress; retry when it ends.' });
  }),
  [StatusIds.pause]: withSync(async (req, env, syncId) => {
    const def = await env.sync.setEnabled(syncId, false);
    if (def) await env.installations.record(req.workspaceId, 'sync_paused', req.adminId, def.campaignName ?? `Campaign ${def.campaignId}`);
    return status(env, req, { style: 'muted', text: 'Paused: no new runs until you resume.' });
  }),
  [StatusIds.resume]: withSync(async (req, env, syncId) => {
    const def = await env.sync.setEnabled(syncId, true);
    if (def) await env.installations.record(req.workspaceId, 'sync_resumed', req.adminId, def.campaignName ?? `Campaign ${def.campaignId}`);
    return status(env, req, { style: 'muted', text: 'Resumed.' });
  }),
  [StatusIds.stop]: withSync(async (req, env, syncId) => {
    await env.sync.cancelRun(syncId);
    return status(env, req, { style: 'muted', text: 'Stopping the current run.' });
  }),
  [StatusIds.edit]: openWizard,
  [StatusIds.back]: initializeCard,
};

/** "Sync settings" on the card: the status of the saved sync, or the wizard when there is none. */
export const openSettings: InboxHandler = async (req, env) => {
  if (!(await isAdminRequest(req, env))) return forbiddenResult();
  return (await definitionOf(env, req.workspaceId)) ? status(env, req) : openWizard(req, env);
};
