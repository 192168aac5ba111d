import { z } from 'zod';
import { type AppSettingsView, type ConfirmKind, type SettingsBack, appSettingsScreen, confirmScreen, connectRfScreen, expiredScreen, messageScreen, settingsStoredData } from '../../canvas/app-screens.js';
import { pickedValue, singleMatch, turnPage } from '../../canvas/screens/picker.js';
import { AppIds, type AppActionId } from '../../canvas/ids.js';
import { activityScreen } from '../../canvas/screens/activity.js';
import { MAX_ACTIVITY_PER_WORKSPACE } from '../install/activity.js';
import { type AdminChange, OPERATOR } from '../install/installations.js';
import type { InboxRequest, InboxResult } from './card/inbox-env.js';
import type { AppEnv, AppHandler } from './app-env.js';

// App settings (app admins): who may configure, the Referral Factory connection, uninstall.

const PickerSchema = z.object({ filter: z.string().max(100), page: z.number().int().min(0).max(10_000), value: z.string().max(100).optional() });
const AppStoredSchema = z.object({
  v: z.literal(1),
  flow: z.literal('app-settings'),
  confirm: z.enum(['disconnect_rf', 'uninstall', 'remove_self', 'rotate_rf_webhook']).optional(),
  back: z.enum(['sync', 'card']).optional(),
  picker: PickerSchema.optional(),
});
type AppStored = z.infer<typeof AppStoredSchema>;
/** Entries on the Activity screen (a canvas holds them easily; the store keeps MAX_ACTIVITY_PER_WORKSPACE). */
const ACTIVITY_SHOWN = 25;
const EMPTY_PICKER: AppSettingsView['picker'] = { filter: '', page: 0 };

type Teammates = Awaited<ReturnType<AppEnv['teammatesOf']>> | null;

/** The teammate list, or null when Intercom can't give it now (the screen says so; ids are never typed). */
const teammatesOf = (req: InboxRequest, env: AppEnv): Promise<Teammates> => env.teammatesOf(req.workspaceId).catch(() => null);

/** Where the settings were opened from (the sync screens or the card), kept while they are used. */
function backOf(storedData: unknown): SettingsBack {
  const sd = storedData as { flow?: unknown; back?: unknown } | null | undefined;
  if (sd?.flow === 'app-settings') return sd.back === 'sync' ? 'sync' : 'card';
  return sd?.flow === 'status' || sd?.flow === 'wizard' || sd?.flow === 'synclist' ? 'sync' : 'card';
}

/** The picker's filter and choice as the admin left them (this submit's inputs taken in). */
function pickerOf(req: InboxRequest): AppSettingsView['picker'] {
  const sd = AppStoredSchema.safeParse(req.storedData);
  const prev = sd.success && sd.data.picker ? sd.data.picker : EMPTY_PICKER;
  const filter = req.inputValues[AppIds.teammateFilter];
  const value = pickedValue(req.inputValues[AppIds.teammatePick]);
  return {
    filter: typeof filter === 'string' ? filter.slice(0, 100) : prev.filter,
    page: prev.page,
    ...(value !== undefined && value.length <= 100 ? { value } : prev.value !== undefined ? { value: prev.value } : {}),
  };
}

async function settingsView(req: InboxRequest, env: AppEnv, teammates: Teammates, extra: Partial<AppSettingsView> = {}): Promise<AppSettingsView> {
  const inst = await env.installations.get(req.workspaceId);
  const rf = inst?.referralFactory;
  const admins = inst?.appAdmins ?? [];
  const label = (id: string) => (id === OPERATOR ? 'the operator, from RF_API_KEY' : teammates?.find((t) => t.id === id)?.name ?? id);
  const items = teammates?.map((t) => ({ id: t.id, label: `${t.name}${admins.includes(t.id) ? ' · app admin' : ''}${t.id === req.adminId ? ' (you)' : ''}` })) ?? null;
  const picker = extra.picker ?? pickerOf(req);
  const value = items ? singleMatch(items, picker.filter, picker.value) : picker.value;
  return {
    admins: admins.map((id) => ({ id, label: label(id) })),
    you: req.adminId,
    teammates: items,
    picker: { ...picker, ...(value !== undefined ? { value } : {}) },
    teammatesCanSyncSegments: inst?.settings.teammatesCanSyncSegments ?? false,
    rf: rf ? { connected: true, connectedBy: label(rf.connectedBy) } : { connected: false, setupUrl: await env.rfSetupUrl(req.workspaceId, req.adminId) },
    ...(rf ? { rfEvents: { pageUrl: env.rfWebhookPageUrl(req.workspaceId, req.adminId), last: await env.rfEventsLast(req.workspaceId), now: env.clock.now() } } : {}),
    back: backOf(req.storedData),
    ...extra,
  };
}

async function settings(req: InboxRequest, env: AppEnv, extra?: Partial<AppSettingsView>, known?: Teammates): Promise<InboxResult> {
  const teammates = known === undefined ? await teammatesOf(req, env) : known;
  return { canvas: appSettingsScreen(await settingsView(req, env, teammates, extra)) };
}

/** Stored data for a screen reached from the settings (confirmations, activity), keeping Back and the picker. */
const keep = (req: InboxRequest, confirm?: ConfirmKind) => settingsStoredData({ back: backOf(req.storedData), picker: pickerOf(req) }, confirm);

/** The handler runs only when stored_data is one of ours (and, for a confirmation, the right one). */
function fromSettings(handler: AppHandler, confirm?: ConfirmKind): AppHandler {
  return async (req, env) => {
    const sd = AppStoredSchema.safeParse(req.storedData);
    if (!sd.success || sd.data.confirm !== confirm) return { canvas: expiredScreen() };
    return handler(req, env);
  };
}

const ADMIN_REFUSALS: Record<Exclude<AdminChange, { ok: true }>['reason'], string> = {
  last_admin: 'The app needs at least one app admin: add another before removing this one.',
  not_admin: 'This teammate is not an app admin.',
  already_admin: 'This teammate is already an app admin.',
  not_installed: 'The app is not installed.',
};

/** "More…" (+1) and "Previous" (-1) in the teammate picker. */
const turn = (delta: 1 | -1): AppHandler => async (req, env) => {
  const teammates = await teammatesOf(req, env);
  const picker = pickerOf(req);
  const items = (teammates ?? []).map((t) => ({ id: t.id, label: t.name }));
  return settings(req, env, { picker: { ...picker, page: turnPage(items, picker.filter, picker.page, delta) } }, teammates);
};

async function applyChange(req: InboxRequest, env: AppEnv, kind: 'add' | 'remove', id: string, teammates: Teammates): Promise<InboxResult> {
  const change = kind === 'add'
    ? await env.installations.addAdmin(req.workspaceId, id, req.adminId)
    : await env.installations.removeAdmin(req.workspaceId, id, req.adminId);
  if (!change.ok) return settings(req, env, { teammateError: ADMIN_REFUSALS[change.reason] }, teammates);
  if (kind === 'remove' && id === req.adminId) {
    return { canvas: messageScreen({ title: 'App settings', message: 'You are no longer an app admin.', button: { id: AppIds.restart, label: 'Done' } }) };
  }
  const name = teammates?.find((t) => t.id === id)?.name ?? id;
  return settings(req, env, { notice: { style: 'muted', text: kind === 'add' ? `Added ${name} as an app admin.` : `Removed ${name} from the app admins.` } }, teammates);
}

function changeAdmins(kind: 'add' | 'remove'): AppHandler {
  return async (req, env) => {
    const teammates = await teammatesOf(req, env);
    if (teammates === null) return settings(req, env, {}, teammates);
    const items = teammates.map((t) => ({ id: t.id, label: t.name }));
    const picker = pickerOf(req);
    const id = singleMatch(items, picker.filter, picker.value);
    // The error sits by the picker and what was chosen or typed in the filter stays.
    if (!id || !teammates.some((t) => t.id === id)) return settings(req, env, { teammateError: 'Choose a teammate from the list.' }, teammates);
    if (kind === 'remove' && id === req.adminId) {
      const admins = (await env.installations.get(req.workspaceId))?.appAdmins ?? [];
      if (admins.length < 2) return settings(req, env, { teammateError: ADMIN_REFUSALS.last_admin }, teammates);
      return { canvas: confirmScreen('remove_self', keep(req, 'remove_self')) };
    }
    return applyChange(req, env, kind, id, teammates);
  };
}

/** Newest first; names resolved from the teammate list when Intercom gives it. */
async function activity(req: InboxRequest, env: AppEnv): Promise<InboxResult> {
  const [entries, teammates] = await Promise.all([env.installations.activity(req.workspaceId, ACTIVITY_SHOWN), teammatesOf(req, env)]);
  const name = (id: string) => teammates?.find((t) => t.id === id)?.name ?? id;
  const lines = entries.map((e) => ({
    at: e.at, kind: e.kind, who: e.by === null ? null : name(e.by),
    subject: e.kind === 'admin_added' || e.kind === 'admin_removed' ? name(e.subject ?? '') : e.subject,
  }));
  return { canvas: activityScreen({ lines, kept: MAX_ACTIVITY_PER_WORKSPACE }, keep(req)) };
}

/** Stops every run of the workspace (each ends after the contact in hand): nothing is sent with a key or token just deleted. */
async function stopRuns(req: InboxRequest, env: AppEnv): Promise<void> {
  for (const def of await env.sync.listDefinitions(req.workspaceId)) await env.sync.cancelRun(def.id);
}

async function uninstall(req: InboxRequest, env: AppEnv): Promise<InboxResult> {
  await stopRuns(req, env);
  await env.installations.uninstall(req.workspaceId);
  const message = env.privateApp
    ? 'Uninstalled: the token, key, syncs and history are deleted. Remove INTERCOM_ACCESS_TOKEN from the app’s settings too.'
    : 'Uninstalled: the token, key, syncs and history are deleted. Remove the app from your Intercom workspace’s app settings too.';
  return { canvas: messageScreen({ title: 'Referral Factory', message, button: { id: AppIds.restart, label: 'Done' } }), completed: true };
}

export const APP_SETTINGS_HANDLERS: Record<Exclude<AppActionId, typeof AppIds.restart>, AppHandler> = {
  [AppIds.settings]: async (req, env) => settings(req, env),
  [AppIds.connectedCheck]: fromSettings(async (req, env) => {
    const connected = !!(await env.installations.get(req.workspaceId))?.referralFactory;
    return settings(req, env, connected
      ? { notice: { style: 'muted', text: 'Referral Factory is connected.' } }
      : { notice: { style: 'error', text: 'Not connected yet: open the link, enter the API key, then press this again.' } });
  }),
  [AppIds.connectRf]: fromSettings(async (req, env) => ({ canvas: connectRfScreen(await env.rfSetupUrl(req.workspaceId, req.adminId), keep(req)) })),
  [AppIds.addAdmin]: fromSettings(changeAdmins('add')),
  [AppIds.removeAdmin]: fromSettings(changeAdmins('remove')),
  [AppIds.removeSelfConfirm]: fromSettings(async (req, env) => applyChange(req, env, 'remove', req.adminId, await teammatesOf(req, env)), 'remove_self'),
  [AppIds.teammateFilterGo]: fromSettings(async (req, env) => settings(req, env, { picker: { ...pickerOf(req), page: 0 } })),
  [AppIds.teammateMore]: fromSettings(turn(1)),
  [AppIds.teammatePrevious]: fromSettings(turn(-1)),
  [AppIds.toggleSegmentSync]: fromSettings(async (req, env) => {
    const allowed = !((await env.installations.get(req.workspaceId))?.settings.teammatesCanSyncSegments ?? false);
    await env.installations.setTeammatesCanSyncSegments(req.workspaceId, allowed, req.adminId);
    return settings(req, env, { notice: { style: 'muted', text: allowed ? 'All teammates can now sync a segment.' : 'Only app admins can sync a segment now.' } });
  }),
  [AppIds.disconnectRf]: fromSettings(async (req) => ({ canvas: confirmScreen('disconnect_rf', keep(req, 'disconnect_rf')) })),
  [AppIds.disconnectRfConfirm]: fromSettings(async (req, env) => {
    // The confirmation says syncs stop: a run going would otherwise finish with the key it read at its start.
    await stopRuns(req, env);
    await env.installations.disconnectReferralFactory(req.workspaceId, req.adminId);
    return settings(req, env, { notice: { style: 'muted', text: 'Referral Factory disconnected: its API key is deleted and runs going stop.' } });
  }, 'disconnect_rf'),
  [AppIds.rotateRfWebhook]: fromSettings(async () => ({ canvas: confirmScreen('rotate_rf_webhook') })),
  [AppIds.rotateRfWebhookConfirm]: fromSettings(async (req, env) => {
    await env.installations.rotateRfWebhook(req.workspaceId, req.adminId);
    return settings(req, env, { notice: { style: 'muted', text: 'Replaced: the old webhook URLs no longer work. Open Webhook URLs for Referral Factory and paste the new ones in Referral Factory.' } });
  }, 'rotate_rf_webhook'),
  [AppIds.activity]: fromSettings(activity),
  [AppIds.uninstall]: fromSettings(async (req) => ({ canvas: confirmScreen('uninstall', keep(req, 'uninstall')) })),
  [AppIds.uninstallConfirm]: fromSettings(uninstall, 'uninstall'),
};
