import { z } from 'zod';
import { RunErrorsIds, type RunErrorsActionId } from '../../../canvas/screens/ids.js';
import { RUN_STATUS_LABELS } from '../../../canvas/screens/run-progress.js';
import { runErrorsScreen } from '../../../canvas/screens/run-errors.js';
import { segmentProgressScreen } from '../../../canvas/screens/segment-sync.js';
import type { SyncRun } from '../../sync/run-record.js';
import { issueRows, reasonCounts } from '../../sync/run-words.js';
import { initializeCard } from '../card/card.js';
import { type InboxEnv, type InboxHandler, type InboxRequest, type InboxResult, canSyncSegments, installationOf, isAppAdmin } from '../card/inbox-env.js';
import { describeFailure } from '../card/messages.js';
import { type Notice, renderStatus } from '../status/render.js';
import { isActive, runView } from '../status/run-view.js';
import { forbiddenResult } from '../wizard/open.js';

// A run's failed or skipped contacts, for app admins (any run of the workspace, teammates' too,
// with Retry failed) and for teammates (the runs of segment syncs, which they may start).

const PAGE_SIZE = 10;

export const ErrorsStateSchema = z.object({
  v: z.literal(1),
  flow: z.literal('errors'),
  runId: z.string().min(1).max(100),
  kind: z.enum(['failed', 'skipped']),
  page: z.number().int().min(0).max(1000),
  /** Where Back leads: a sync's status (app admins), or the teammate's segment sync progress. */
  from: z.enum(['status', 'segment']),
  syncId: z.string().min(1).max(100).optional(),
});
export type ErrorsState = z.infer<typeof ErrorsStateSchema>;

/** Whether this person may read the run's contacts: app admins any run of their workspace; teammates segment syncs' runs. */
async function mayRead(req: InboxRequest, env: InboxEnv, run: SyncRun): Promise<boolean> {
  if (run.workspaceId !== req.workspaceId) return false;
  const inst = await installationOf(env, req.workspaceId);
  return isAppAdmin(inst, req.adminId) || (run.trigger === 'teammate' && canSyncSegments(inst, req.adminId));
}

const segmentNameOf = async (env: InboxEnv, run: SyncRun): Promise<string | undefined> => {
  const def = (await env.sync.listDefinitions(run.workspaceId)).find((d) => d.id === run.syncId);
  return def?.audience.kind === 'segment' ? (def.audience.segmentName ?? def.audience.segmentId) : undefined;
};

export async function showRunErrors(req: InboxRequest, env: InboxEnv, run: SyncRun, state: ErrorsState, notice?: Notice): Promise<InboxResult> {
  const rows = issueRows(run.issues).filter((r) => r.kind === state.kind);
  const lastPage = Math.max(0, Math.ceil(rows.length / PAGE_SIZE) - 1);
  const page = Math.min(state.page, lastPage);
  const offset = page * PAGE_SIZE;
  const admin = isAppAdmin(await installationOf(env, req.workspaceId), req.adminId);
  const view = runView(run, env.clock.now());
  const segment = run.trigger === 'teammate' ? await segmentNameOf(env, run) : undefined;
  let fullListUrl: string | undefined;
  try {
    fullListUrl = rows.length > 0 ? await env.runErrorsUrl(req.workspaceId, run.id, req.adminId) : undefined;
  } catch {
    fullListUrl = undefined; // the screen is still useful without the link
  }
  return {
    canvas: runErrorsScreen({
      kind: state.kind,
      total: run.counts[state.kind],
      kept: rows.length,
      runLine: `${segment ? `Teammate’s sync of ${segment} · ` : ''}${RUN_STATUS_LABELS[run.status]} · ${view.when}`,
      reasons: reasonCounts(run, state.kind),
      rows: rows.slice(offset, offset + PAGE_SIZE).map((r) => ({ name: r.name, email: r.email, reason: r.reason })),
      offset,
      hasPrev: page > 0,
      hasNext: page < lastPage,
      fullListUrl,
      canRetry: admin && state.kind === 'failed' && !isActive(run) && run.counts.failed > 0,
      admin,
      notice,
    }, { ...state, page }),
  };
}

type Located = { state: ErrorsState; run: SyncRun } | { refused: InboxResult };

async function locate(req: InboxRequest, env: InboxEnv): Promise<Located> {
  const parsed = ErrorsStateSchema.safeParse(req.storedData);
  const run = parsed.success ? await env.sync.getRun(parsed.data.runId) : null;
  if (!parsed.success || !run) return { refused: await initializeCard(req, env) };
  if (!(await mayRead(req, env, run))) return { refused: forbiddenResult() };
  return { state: parsed.data, run };
}

const paged = (delta: number): InboxHandler => async (req, env) => {
  const at = await locate(req, env);
  if ('refused' in at) return at.refused;
  return showRunErrors(req, env, at.run, { ...at.state, page: Math.max(0, at.state.page + delta) });
};

/** Back to where the list was opened: the sync's status (app admins) or the teammate's run. */
const back: InboxHandler = async (req, env) => {
  const at = await locate(req, env);
  if ('refused' in at) return at.refused;
  if (at.state.from === 'status') {
    if (!isAppAdmin(await installationOf(env, req.workspaceId), req.adminId)) return forbiddenResult();
    return { canvas: await renderStatus(env, req.workspaceId, at.state.syncId, undefined, undefined, req.adminId) };
  }
  const segmentName = (await segmentNameOf(env, at.run)) ?? 'the segment';
  const sd = { v: 1, flow: 'segment', workspaceId: req.workspaceId, step: 'progress', picker: { filter: '', page: 0 }, segmentName, runId: at.run.id, ...(at.state.syncId ? { syncId: at.state.syncId } : {}) };
  return { canvas: segmentProgressScreen({ segment: segmentName, run: runView(at.run, env.clock.now()) }, sd) };
};

/** Retry failed (app admins): the failed contacts of the run's own sync (a teammate's segment sync included), then that sync's status. */
export const retryFailed: InboxHandler = async (req, env) => {
  const at = await locate(req, env);
  if ('refused' in at) return at.refused;
  if (!isAppAdmin(await installationOf(env, req.workspaceId), req.adminId)) return forbiddenResult();
  try {
    const r = await env.sync.startRun(at.run.syncId, { trigger: 'retry', mode: 'retry_failed' });
    const notice: Notice = r.started
      ? { style: 'muted', text: 'Retrying the failed contacts.' }
      : { style: 'error', text: 'A run is already in progress; retry when it ends.' };
    return { canvas: await renderStatus(env, req.workspaceId, at.state.syncId, notice, undefined, req.adminId) };
  } catch (err) {
    return { ...(await showRunErrors(req, env, at.run, at.state, { style: 'error', text: describeFailure(err) })), failure: err };
  }
};

/** The first page of a run's failed or skipped contacts, from the status screen or the teammate's run. */
export async function openRunErrors(req: InboxRequest, env: InboxEnv, run: SyncRun | null | undefined, kind: ErrorsState['kind'], from: ErrorsState['from'], syncId?: string): Promise<InboxResult | undefined> {
  if (!run || !(await mayRead(req, env, run))) return undefined;
  return showRunErrors(req, env, run, { v: 1, flow: 'errors', runId: run.id, kind, page: 0, from, ...(syncId ? { syncId } : {}) });
}

export const RUN_ERRORS_HANDLERS: Record<RunErrorsActionId, InboxHandler> = {
  [RunErrorsIds.prev]: paged(-1),
  [RunErrorsIds.next]: paged(1),
  [RunErrorsIds.back]: back,
};
