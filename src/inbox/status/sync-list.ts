import { z } from 'zod';
import { SyncListIds, type SyncListActionId } from '../../../canvas/screens/ids.js';
import { formatAgo } from '../../../canvas/screens/format.js';
import { RUN_STATUS_LABELS } from '../../../canvas/screens/run-progress.js';
import { type SyncRowView, syncListScreen } from '../../../canvas/screens/sync-list.js';
import type { SyncDefinition } from '../../sync/definition.js';
import { type InboxEnv, type InboxHandler, type InboxRequest, type InboxResult, MAX_SYNCS, campaignLabel, syncOf, wizardDefinitions } from '../card/inbox-env.js';
import { audienceLabel, scheduleLabel } from '../wizard/draft.js';
import { forbiddenResult, isAdminRequest, openWizard } from '../wizard/open.js';
import { initializeCard } from '../card/card.js';
import { StatusOriginSchema } from '../segment-sync/state.js';
import { type Notice, renderStatus } from './render.js';

// The workspace's syncs (app admins): each with its last run, a way into its own status, Add sync.

const ListStoredSchema = z.object({
  v: z.literal(1), flow: z.literal('synclist'), ids: z.array(z.string().min(1).max(100)).max(MAX_SYNCS),
  /** The sync whose status opened the list (All syncs): where Back returns. */
  fromSync: z.string().min(1).max(100).optional(),
});


async function row(env: InboxEnv, def: SyncDefinition, now: number): Promise<SyncRowView> {
  const run = (await env.sync.currentRun(def.id)) ?? (await env.sync.listRuns(def.id)).sort((a, b) => b.queuedAt - a.queuedAt)[0];
  const paused = def.schedule.type === 'ongoing' && !def.enabled;
  const when = run ? formatAgo(run.endedAt ?? run.startedAt ?? run.queuedAt, now) : '';
  return {
    campaign: campaignLabel(def),
    audience: audienceLabel(def.audience),
    schedule: `${scheduleLabel(def.schedule)}${paused ? ', paused' : ''}`,
    lastRun: run ? `Last run: ${RUN_STATUS_LABELS[run.status]} · ${when}` : 'No run yet',
    lastRunBad: run?.status === 'failed' || run?.status === 'finished_with_errors',
  };
}

export async function renderSyncList(env: InboxEnv, workspaceId: string, notice?: Notice, fromSync?: string): Promise<InboxResult> {
  const defs = await wizardDefinitions(env, workspaceId);
  const now = env.clock.now();
  const syncs = await Promise.all(defs.slice(0, MAX_SYNCS).map((d) => row(env, d, now)));
  return { canvas: syncListScreen({ syncs, canAdd: defs.length < MAX_SYNCS, notice }, { v: 1, flow: 'synclist', ids: defs.slice(0, MAX_SYNCS).map((d) => d.id), ...(fromSync ? { fromSync } : {}) }) };
}

/** "Sync settings" on the card: the wizard when there is no sync, the status of the only one, else the list. */
export const openSettings: InboxHandler = async (req, env) => {
  if (!(await isAdminRequest(req, env))) return forbiddenResult();
  const defs = await wizardDefinitions(env, req.workspaceId);
  if (defs.length === 0) return openWizard(req, env);
  if (defs.length === 1) return { canvas: await renderStatus(env, req.workspaceId, defs[0]!.id, undefined, undefined, req.adminId) };
  return renderSyncList(env, req.workspaceId);
};

const adminOnly = (fn: InboxHandler): InboxHandler => async (req, env) =>
  (await isAdminRequest(req, env)) ? fn(req, env) : forbiddenResult();

/** Opens the row's sync; a row whose sync is gone (or forged stored_data) draws the list again, saying so. */
const openRow = (i: number): InboxHandler => adminOnly(async (req: InboxRequest, env: InboxEnv) => {
  const sd = ListStoredSchema.safeParse(req.storedData);
  const def = await syncOf(env, req.workspaceId, sd.success ? sd.data.ids[i] : undefined);
  if (!def) return renderSyncList(env, req.workspaceId, { style: 'error', text: 'That sync no longer exists. Here are the current ones.' });
  return { canvas: await renderStatus(env, req.workspaceId, def.id, undefined, undefined, req.adminId) };
});

export const SYNC_LIST_HANDLERS: Record<SyncListActionId, InboxHandler> = {
  [SyncListIds.show]: adminOnly((req, env) => {
    const from = StatusOriginSchema.safeParse(req.storedData);
    return renderSyncList(env, req.workspaceId, undefined, from.success ? from.data.syncId : undefined);
  }),
  // Back to the status the list was opened from (if that sync still exists), else the card.
  [SyncListIds.back]: async (req, env) => {
    const sd = ListStoredSchema.safeParse(req.storedData);
    const from = sd.success && (await isAdminRequest(req, env)) ? await syncOf(env, req.workspaceId, sd.data.fromSync) : undefined;
    return from ? { canvas: await renderStatus(env, req.workspaceId, from.id, undefined, undefined, req.adminId) } : initializeCard(req, env);
  },
  [SyncListIds.add]: adminOnly(async (req, env) => {
    if ((await wizardDefinitions(env, req.workspaceId)).length >= MAX_SYNCS) {
      return renderSyncList(env, req.workspaceId, { style: 'error', text: `At most ${MAX_SYNCS} syncs: edit one of them instead.` });
    }
    return openWizard(req, env);
  }),
  ...(Object.fromEntries(SyncListIds.open.map((id, i) => [id, openRow(i)])) as Record<(typeof SyncListIds.open)[number], InboxHandler>),
};
