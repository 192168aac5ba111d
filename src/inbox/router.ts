import { errorScreen, expiredScreen, forbiddenScreen, installStateScreen } from '../../canvas/app-screens.js';
import { AppIds } from '../../canvas/ids.js';
import { toAppError } from '../shared/errors.js';
import { initializeCard } from './card/card.js';
import { describeFailure } from './card/messages.js';
import { INBOX_APP_ADMIN_ACTIONS, INBOX_APP_HANDLERS, type InboxAppActionId } from './card/handlers.js';
import type { InboxRequest, InboxResult } from './card/inbox-env.js';
import { APP_SETTINGS_HANDLERS } from './app-settings.js';
import type { AppEnv, AppHandler } from './app-env.js';

// Every submit goes through ONE table from component id to handler; a missing handler is a
// compile error. Settings actions are refused to non-admins here, whatever canvas sent them.

export type ActionId = InboxAppActionId | keyof typeof APP_SETTINGS_HANDLERS | typeof AppIds.restart;

export const ACTION_HANDLERS: Record<ActionId, AppHandler> = {
  ...INBOX_APP_HANDLERS,
  ...APP_SETTINGS_HANDLERS,
  [AppIds.restart]: (req, env) => initialize(req, env),
};

/** App admins only. The inbox-app ids come from its own list. */
export const SETTINGS_ACTIONS: ReadonlySet<string> = new Set<string>([
  ...Object.keys(APP_SETTINGS_HANDLERS),
  ...INBOX_APP_ADMIN_ACTIONS,
]);

const isActionId = (id: string): id is ActionId => Object.hasOwn(ACTION_HANDLERS, id);

/**
 * Not installed, or Intercom access revoked: the one thing to do next. While disconnected, app
 * admins keep the app settings (e.g. to uninstall and delete the stored secrets).
 */
async function installBlocker(req: InboxRequest, env: AppEnv): Promise<InboxResult | undefined> {
  const inst = await env.installations.get(req.workspaceId);
  const installUrl = env.privateApp ? null : env.installUrl;
  if (!inst) {
    // A private app belongs to its token's workspace: there, not installed means uninstalled.
    const own = env.privateApp && (await env.privateWorkspaceId().catch(() => undefined)) === req.workspaceId;
    return { canvas: installStateScreen({ kind: 'not_installed', installUrl, privateApp: own }) };
  }
  if (inst.status !== 'disconnected' || Object.hasOwn(APP_SETTINGS_HANDLERS, req.componentId ?? '')) return undefined;
  return { canvas: installStateScreen({ kind: 'disconnected', installUrl, canManage: inst.appAdmins.includes(req.adminId) }) };
}

export async function initialize(req: InboxRequest, env: AppEnv): Promise<InboxResult> {
  return (await installBlocker(req, env)) ?? initializeCard(req, env);
}

export async function submit(req: InboxRequest, env: AppEnv): Promise<InboxResult> {
  const blocked = await installBlocker(req, env);
  if (blocked) return blocked;
  const id = req.componentId ?? '';
  if (!isActionId(id)) return { canvas: expiredScreen() };
  if (SETTINGS_ACTIONS.has(id) && !(await env.installations.get(req.workspaceId))?.appAdmins.includes(req.adminId)) {
    return { canvas: forbiddenScreen() };
  }
  return ACTION_HANDLERS[id](req, env);
}

/** Any failure a handler did not turn into a screen: a valid canvas with a way to retry (a change not saved says so). */
export function failureResult(err: unknown): InboxResult & { code: string } {
  const code = toAppError(err).code;
  return { canvas: code === 'store_write_failed' ? errorScreen(describeFailure(err)) : errorScreen(), code };
}
