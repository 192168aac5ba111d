import { z } from 'zod';
import { APP_STORED_DATA, type AppSettingsView, type ConfirmKind, appSettingsScreen, confirmScreen, connectRfScreen, expiredScreen, messageScreen } from '../../canvas/app-screens.js';
import { AppIds, type AppActionId } from '../../canvas/ids.js';
import { activityScreen } from '../../canvas/screens/activity.js';
import { MAX_ACTIVITY_PER_WORKSPACE } from '../install/activity.js';
import type { AdminChange } from '../install/installations.js';
import type { InboxRequest, InboxResult } from './card/inbox-env.js';
import type { AppEnv, AppHandler } from './app-env.js';

// App settings (app admins): who may configure, the Referral Factory connection, uninstall.

const AppStoredSchema = z.object({
  v: z.literal(1),
  flow: z.literal('app-settings'),
  confirm: z.enum(['disconnect_rf', 'uninstall', 'rotate_rf_webhook']).optional(),
});
/** Entries on the Activity screen (a canvas holds them easily; the store keeps MAX_ACTIVITY_PER_WORKSPACE). */
const ACTIVITY_SHOWN = 25;
const AdminIdSchema = z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/);

type Teammates = Awaited<ReturnType<AppEnv['teammatesOf']>> | null;

/** The teammate list, or null when Intercom can't give it now (then ids are typed). */
const teammatesOf = (req: InboxRequest, env: AppEnv): Promise<Teammates> => env.teammatesOf(req.workspaceId).catch(() => null);

async function settingsView(req: InboxRequest, env: AppEnv, teammates: Teammates, extra: Partial<AppSettingsView> = {}): Promise<AppSettingsView> {
  const inst = await env.installations.get(req.workspaceId);
  const rf = inst?.referralFactory;
  const admins = inst?.appAdmins ?? [];
  const label = (id: string) => teammates?.find((t) => t.id === id)?.name ?? id;
  return {
    admins: admins.map((id) => ({ id, label: label(id) })),
    you: req.adminId,
    addChoices: teammates ? teammates.filter((t) => !admins.includes(t.id)).map((t) => ({ id: t.id, label: t.name })) : null,
    teammatesCanSyncSegments: inst?.settings.teammatesCanSyncSegments ?? false,
    rf: rf ? { connected: true, connectedBy: label(rf.connectedBy) } : { connected: false, setupUrl: await env.rfSetupUrl(req.workspaceId, req.adminId) },
    ...(rf ? { rfEvents: { pageUrl: env.rfWebhookPageUrl(req.workspaceId, req.adminId), last: await env.rfEventsLast(req.workspaceId), now: env.clock.now() } } : {}),
    ...extra,
  };
}

async function settings(req: InboxRequest, env: AppEnv, extra?: Partial<AppSettingsView>, known?: Teammates): Promise<InboxResult> {
  const teammates = known === undefined ? await teammatesOf(req, env) : known;
  return { canvas: appSettingsScreen(await settingsView(req, env, teammates, extra)) };
}

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

const picked = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

function changeAdmins(kind: 'add' | 'remove'): AppHandler {
  return async (req, env) => {
    const teammates = await teammatesOf(req, env);
    const raw = picked(req.inputValues[kind === 'add' ? AppIds.addPick : AppIds.removePick]) ?? req.inputValues[AppIds.adminId];
    const id = AdminIdSchema.safeParse(raw);
    const refuse = (adminIdError: string) => settings(req, env, { adminIdError }, teammates);
    if (!id.success) return refuse('Choose a teammate, or enter their Intercom admin id (letters, digits, - or _).');
    if (kind === 'add' && teammates && !teammates.some((t) => t.id === id.data)) return refuse('No teammate has this admin id in this workspace.');
    const change = kind === 'add'
      ? await env.installations.addAdmin(req.workspaceId, id.data, req.adminId)
      : await env.installations.removeAdmin(req.workspaceId, id.data, req.adminId);
    if (!change.ok) return refuse(ADMIN_REFUSALS[change.reason]);
    if (kind === 'remove' && id.data === req.adminId) {
      return { canvas: messageScreen({ title: 'App settings', message: 'You are no longer an app admin.', button: { id: AppIds.restart, label: 'Done' } }) };
    }
    const name = teammates?.find((t) => t.id === id.data)?.name ?? id.data;
    return settings(req, env, { notice: { style: 'muted', text: kind === 'add' ? `Added ${name} as an app admin.` : `Removed ${name}.` } }, teammates);
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
  return { canvas: activityScreen({ lines, kept: MAX_ACTIVITY_PER_WORKSPACE }, APP_STORED_DATA) };
}

async function uninstall(req: InboxRequest, env: AppEnv): Promise<InboxResult> {
  for (const def of await env.sync.listDefinitions(req.workspaceId)) await env.sync.cancelRun(def.id);
  await env.installations.uninstall(req.workspaceId);
  const message = env.privateApp
    ? 'Uninstalled: the token, key, syncs and history are deleted. Remove INTERCOM_ACCESS_TOKEN from the app’s settings too.'
    : 'Uninstalled: the token, key, syncs and history are deleted. Remove the app from your Intercom workspace’s app settings too.';
  return { canvas: messageScreen({ title: 'Referral Factory', message, button: { id: AppIds.restart, label: 'Done' } }), completed: true };
}

export const APP_SETTINGS_HANDLERS: Record<Exclude<AppActionId, typeof AppIds.restart>, AppHandler> = {
  [AppIds.settings]: async (req, env) => settings(req, env),
  [AppIds.connectRf]: fromSettings(async (req, env) => ({ canvas: connectRfScreen(await env.rfSetupUrl(req.workspaceId, req.adminId)) })),
  [AppIds.addAdmin]: fromSettings(changeAdmins('add')),
  [AppIds.removeAdmin]: fromSettings(changeAdmins('remove')),
  [AppIds.toggleSegmentSync]: fromSettings(async (req, env) => {
    const allowed = !((await env.installations.get(req.workspaceId))?.settings.teammatesCanSyncSegments ?? false);
    await env.installations.setTeammatesCanSyncSegments(req.workspaceId, allowed, req.adminId);
    return settings(req, env, { notice: { style: 'muted', text: allowed ? 'All teammates can now sync a segment.' : 'Only app admins can sync a segment now.' } });
  }),
  [AppIds.disconnectRf]: fromSettings(async () => ({ canvas: confirmScreen('disconnect_rf') })),
  [AppIds.disconnectRfConfirm]: fromSettings(async (req, env) => {
    await env.installations.disconnectReferralFactory(req.workspaceId, req.adminId);
    return settings(req, env, { notice: { style: 'muted', text: 'Referral Factory disconnected: its API key is deleted.' } });
  }, 'disconnect_rf'),
  [AppIds.rotateRfWebhook]: fromSettings(async () => ({ canvas: confirmScreen('rotate_rf_webhook') })),
  [AppIds.rotateRfWebhookConfirm]: fromSettings(async (req, env) => {
    await env.installations.rotateRfWebhook(req.workspaceId, req.adminId);
    return settings(req, env, { notice: { style: 'muted', text: 'Replaced: the old webhook URLs no longer work. Open Webhook URLs for Referral Factory and paste the new ones in Referral Factory.' } });
  }, 'rotate_rf_webhook'),
  [AppIds.activity]: fromSettings(activity),
  [AppIds.uninstall]: fromSettings(async () => ({ canvas: confirmScreen('uninstall') })),
  [AppIds.uninstallConfirm]: fromSettings(uninstall, 'uninstall'),
};
