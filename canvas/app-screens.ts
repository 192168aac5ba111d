import { type CanvasObject, type Component, type StoredData, canvas, divider, submitButton, text, urlButton } from './index.js';
import { pickerComponents } from './screens/picker.js';
import { AppIds, CardIds } from './ids.js';
import { formatAgo, plain } from './screens/format.js';
import { CONNECTED_BUTTON } from './screens/wizard-connect.js';

export { CONNECTED_BUTTON };

// The app core's screens: install state, app settings (admins, RF connection, uninstall),
// confirmations, and the screens any request may end on (error, expired, forbidden). Pure.

export const APP_STORED_DATA = { v: 1, flow: 'app-settings' } as const;
const TITLE = 'Referral Factory';

export type InstallStateView =
  /** `privateApp`: the private app's own workspace (then it was uninstalled). */
  | { kind: 'not_installed'; installUrl: string | null; privateApp?: boolean }
  | { kind: 'disconnected'; installUrl: string | null; canManage: boolean };

// A private app belongs to the one workspace of its token: there, "not installed" means it was uninstalled.
const notInstalledText = (v: Extract<InstallStateView, { kind: 'not_installed' }>): string => {
  if (v.installUrl) return 'An admin must install the app for this workspace first.';
  if (v.privateApp) return 'The app is not installed: it was uninstalled. To install it again, the operator restarts the app with INTERCOM_ACCESS_TOKEN set.';
  return 'This app is set up for another Intercom workspace.';
};

export function installStateScreen(v: InstallStateView): CanvasObject {
  const install = (label: string): Component[] => (v.installUrl ? [urlButton(AppIds.installLink, label, v.installUrl)] : []);
  if (v.kind === 'not_installed') {
    return canvas([
      text(TITLE, { style: 'header' }),
      text(notInstalledText(v), { style: 'muted' }),
      ...install('Install the app'),
      submitButton(AppIds.restart, 'Refresh', { style: 'secondary' }),
    ], { v: 1, flow: 'card' });
  }
  return canvas([
    text(TITLE, { style: 'header' }),
    text(v.installUrl
      ? 'Access to Intercom was revoked. An admin must reinstall the app.'
      : 'Intercom refused the app’s access token. The operator must set a new INTERCOM_ACCESS_TOKEN and restart the app.', { style: 'error' }),
    ...install('Reinstall the app'),
    submitButton(AppIds.restart, 'Refresh', { style: 'secondary' }),
    ...(v.canManage ? [submitButton(AppIds.settings, 'App settings', { style: 'link' })] : []),
  ], { v: 1, flow: 'card' });
}

export interface PickItem {
  id: string;
  label: string;
}

/** Where App settings' Back goes: the sync screens it was opened from, or the card. */
export type SettingsBack = 'sync' | 'card';

export interface AppSettingsView {
  /** App admins, labelled by name when the teammate list is known. */
  admins: readonly PickItem[];
  you: string;
  /** Every teammate (app admins marked), for the picker; null when Intercom cannot list them now. */
  teammates: readonly PickItem[] | null;
  picker: { filter: string; page: number; value?: string | undefined };
  rf: { connected: true; connectedBy: string } | { connected: false; setupUrl: string };
  teammatesCanSyncSegments: boolean;
  /** RF's outbound webhooks, when RF is connected: the secure page with the URLs and when each kind of event last arrived. */
  rfEvents?: { pageUrl: string; last: { referrer_joined: number | null; lead_created: number | null; lead_qualified: number | null }; now: number } | undefined;
  back: SettingsBack;
  notice?: { style: 'muted' | 'error'; text: string } | undefined;
  /** Shown next to the teammate picker (the field at fault). */
  teammateError?: string | undefined;
}

export const settingsStoredData = (v: Pick<AppSettingsView, 'back' | 'picker'>, confirm?: ConfirmKind): StoredData =>
  ({ ...APP_STORED_DATA, back: v.back, picker: v.picker, ...(confirm ? { confirm } : {}) });

const backButton = (back: SettingsBack) => submitButton(back === 'sync' ? CardIds.settings : CardIds.home, 'Back', { style: 'link' });

function adminComponents(v: AppSettingsView): Component[] {
  if (v.teammates === null) {
    return [text('Intercom did not give the list of teammates just now, so app admins cannot be changed: try again in a moment.', { style: 'error' }),
      submitButton(AppIds.settings, 'Try again', { style: 'secondary' })];
  }
  return [
    ...pickerComponents({
      prefix: 'app.teammate', label: 'Teammate', noun: 'teammate', items: v.teammates,
      filter: v.picker.filter, page: v.picker.page, value: v.picker.value, error: v.teammateError,
    }),
    submitButton(AppIds.addAdmin, 'Add as app admin', { style: 'secondary' }),
    ...(v.admins.length > 1 ? [submitButton(AppIds.removeAdmin, 'Remove from app admins', { style: 'secondary' })] : []),
  ];
}

export function appSettingsScreen(v: AppSettingsView): CanvasObject {
  const who = (a: PickItem) => (a.id === v.you ? `${plain(a.label)} (you)` : plain(a.label));
  return canvas([
    text('App settings', { style: 'header' }),
    ...(v.notice ? [text(v.notice.text, { style: v.notice.style })] : []),
    text(`*App admins*: ${v.admins.map(who).join(', ')}`),
    ...adminComponents(v),
    divider(),
    text(v.teammatesCanSyncSegments
      ? 'Other teammates *can* start one-off syncs of a segment.'
      : 'Only app admins can start syncs of a segment.', { style: 'muted' }),
    submitButton(AppIds.toggleSegmentSync, v.teammatesCanSyncSegments ? 'Limit segment syncs to app admins' : 'Let all teammates sync a segment', { style: 'secondary' }),
    divider(),
    ...(v.rf.connected
      ? [text(`Referral Factory is connected (by ${plain(v.rf.connectedBy)}).`, { style: 'muted' }),
        ...rfEventComponents(v),
        submitButton(AppIds.disconnectRf, 'Disconnect Referral Factory', { style: 'secondary' })]
      : [text('Referral Factory is not connected.', { style: 'muted' }),
        urlButton(AppIds.setupLink, 'Connect Referral Factory', v.rf.setupUrl),
        submitButton(AppIds.connectedCheck, CONNECTED_BUTTON, { style: 'secondary' })]),
    submitButton(AppIds.activity, 'Activity', { style: 'link' }),
    submitButton(AppIds.uninstall, 'Uninstall the app', { style: 'link' }),
    backButton(v.back),
  ], settingsStoredData(v));
}

/** Counts and Referred by in seconds: RF's webhooks point at the app (the URLs are on a secure page, never in a canvas). */
function rfEventComponents(v: AppSettingsView): Component[] {
  if (!v.rfEvents) return [];
  const { last, now, pageUrl } = v.rfEvents;
  return [
    text(`*Referral Factory events* last arrived: new referrer ${formatAgo(last.referrer_joined, now)}, new lead ${formatAgo(last.lead_created, now)}, lead qualified ${formatAgo(last.lead_qualified, now)}.`, { style: 'muted' }),
    urlButton(AppIds.rfWebhookLink, 'Webhook URLs for Referral Factory', pageUrl, { style: 'secondary' }),
    submitButton(AppIds.rotateRfWebhook, 'Replace the webhook URLs', { style: 'link' }),
  ];
}

export function connectRfScreen(setupUrl: string, storedData: StoredData = APP_STORED_DATA): CanvasObject {
  return canvas([
    text('Connect Referral Factory', { style: 'header' }),
    text('The link opens a secure page where you enter your Referral Factory API key. It works once, for 10 minutes. Come back here when done.', { style: 'muted' }),
    urlButton(AppIds.setupLink, 'Open the secure page', setupUrl),
    submitButton(AppIds.connectedCheck, CONNECTED_BUTTON, { style: 'secondary' }),
    submitButton(AppIds.settings, 'Back', { style: 'link' }),
  ], storedData);
}

export type ConfirmKind = 'disconnect_rf' | 'uninstall' | 'remove_self' | 'rotate_rf_webhook';

const CONFIRM: Record<ConfirmKind, { title: string; message: string; id: string; label: string }> = {
  disconnect_rf: {
    title: 'Disconnect Referral Factory?',
    message: 'The API key is deleted and syncs stop until someone connects again. Referrers already in Referral Factory stay there.',
    id: AppIds.disconnectRfConfirm,
    label: 'Disconnect',
  },
  rotate_rf_webhook: {
    title: 'Replace the webhook URLs?',
    message: 'The current URLs stop working at once: Referral Factory’s webhooks get “not found” until you paste the new URLs in Referral Factory (Campaign Settings › Integrations and API › API & Webhooks).',
    id: AppIds.rotateRfWebhookConfirm,
    label: 'Replace',
  },
  remove_self: {
    title: 'Remove yourself from the app admins?',
    message: 'You will no longer change sync settings or app settings; another app admin can add you again.',
    id: AppIds.removeSelfConfirm,
    label: 'Remove me',
  },
  uninstall: {
    title: 'Uninstall the app?',
    message: 'The Intercom token, the Referral Factory key, the sync settings and the run history are deleted. Data already written to Intercom and Referral Factory stays.',
    id: AppIds.uninstallConfirm,
    label: 'Uninstall',
  },
};

export function confirmScreen(kind: ConfirmKind, storedData: StoredData = { ...APP_STORED_DATA, confirm: kind }): CanvasObject {
  const c = CONFIRM[kind];
  return canvas([
    text(c.title, { style: 'header' }),
    text(c.message, { style: 'muted' }),
    submitButton(c.id, c.label),
    submitButton(AppIds.settings, 'Cancel', { style: 'secondary' }),
  ], storedData);
}

export function messageScreen(v: { title: string; message: string; style?: 'muted' | 'error'; button?: { id: string; label: string } }): CanvasObject {
  const button = v.button ?? { id: AppIds.restart, label: 'Start again' };
  return canvas([
    text(v.title, { style: 'header' }),
    text(v.message, { style: v.style ?? 'muted' }),
    submitButton(button.id, button.label),
  ], { v: 1, flow: 'card' });
}

export const errorScreen = (message = 'Something went wrong on our side. Try again in a moment.'): CanvasObject =>
  messageScreen({ title: TITLE, message, style: 'error', button: { id: AppIds.restart, label: 'Try again' } });

export const expiredScreen = (): CanvasObject =>
  messageScreen({ title: TITLE, message: 'This screen has expired or was changed. Start again from the beginning.', style: 'error' });

export const forbiddenScreen = (): CanvasObject =>
  messageScreen({ title: 'App settings', message: 'Only app admins can change settings. Ask one of them to add you.', style: 'error', button: { id: AppIds.restart, label: 'Back' } });
