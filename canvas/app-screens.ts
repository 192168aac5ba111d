import { type CanvasObject, type Component, type StoredData, canvas, divider, input, submitButton, text, urlButton } from './index.js';
import { AppIds, CardIds } from './ids.js';

// The app core's screens: install state, app settings (admins, RF connection, uninstall),
// confirmations, and the screens any request may end on (error, expired, forbidden). Pure.

export const APP_STORED_DATA = { v: 1, flow: 'app-settings' } as const;
const TITLE = 'Referral Factory';

export type InstallStateView =
  | { kind: 'not_installed'; installUrl: string | null }
  | { kind: 'disconnected'; installUrl: string | null };

export function installStateScreen(v: InstallStateView): CanvasObject {
  const install = (label: string): Component[] => (v.installUrl ? [urlButton(AppIds.installLink, label, v.installUrl)] : []);
  if (v.kind === 'not_installed') {
    return canvas([
      text(TITLE, { style: 'header' }),
      text(v.installUrl ? 'An admin must install the app for this workspace first.' : 'This app is set up for another Intercom workspace.', { style: 'muted' }),
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
  ], { v: 1, flow: 'card' });
}

export interface AppSettingsView {
  admins: readonly string[];
  you: string;
  rf: { connected: true; connectedBy: string } | { connected: false; setupUrl: string };
  teammatesCanSyncSegments: boolean;
  notice?: { style: 'muted' | 'error'; text: string } | undefined;
  adminIdError?: string | undefined;
}

export function appSettingsScreen(v: AppSettingsView, storedData: StoredData = APP_STORED_DATA): CanvasObject {
  const who = (id: string) => (id === v.you ? `${id} (you)` : id);
  return canvas([
    text('App settings', { style: 'header' }),
    ...(v.notice ? [text(v.notice.text, { style: v.notice.style })] : []),
    text(`*App admins* (Intercom admin ids): ${v.admins.map(who).join(', ')}`),
    input(AppIds.adminId, {
      label: 'Teammate’s admin id',
      placeholder: 'e.g. 5123456',
      ...(v.adminIdError ? { saveState: 'failed' as const } : {}),
    }),
    ...(v.adminIdError ? [text(v.adminIdError, { style: 'error' })] : []),
    submitButton(AppIds.addAdmin, 'Add app admin', { style: 'secondary' }),
    submitButton(AppIds.removeAdmin, 'Remove app admin', { style: 'secondary' }),
    divider(),
    text(v.teammatesCanSyncSegments
      ? 'Other teammates *can* start one-off syncs of a segment.'
      : 'Only app admins can start syncs of a segment.', { style: 'muted' }),
    submitButton(AppIds.toggleSegmentSync, v.teammatesCanSyncSegments ? 'Limit segment syncs to app admins' : 'Let all teammates sync a segment', { style: 'secondary' }),
    divider(),
    ...(v.rf.connected
      ? [text(`Referral Factory is connected (by ${v.rf.connectedBy}).`, { style: 'muted' }),
        submitButton(AppIds.disconnectRf, 'Disconnect Referral Factory', { style: 'secondary' })]
      : [text('Referral Factory is not connected.', { style: 'muted' }),
        urlButton(AppIds.setupLink, 'Connect Referral Factory', v.rf.setupUrl)]),
    submitButton(AppIds.uninstall, 'Uninstall the app', { style: 'link' }),
    submitButton(CardIds.home, 'Back', { style: 'link' }),
  ], storedData);
}

export function connectRfScreen(setupUrl: string): CanvasObject {
  return canvas([
    text('Connect Referral Factory', { style: 'header' }),
    text('The link opens a secure page where you enter your Referral Factory API key. It works once, for 10 minutes. Come back here when done.', { style: 'muted' }),
    urlButton(AppIds.setupLink, 'Open the secure page', setupUrl),
    submitButton(AppIds.settings, 'Back', { style: 'secondary' }),
  ], APP_STORED_DATA);
}

export type ConfirmKind = 'disconnect_rf' | 'uninstall';

const CONFIRM: Record<ConfirmKind, { title: string; message: string; id: string; label: string }> = {
  disconnect_rf: {
    title: 'Disconnect Referral Factory?',
    message: 'The API key is deleted and syncs stop until someone connects again. Referrers already in Referral Factory stay there.',
    id: AppIds.disconnectRfConfirm,
    label: 'Disconnect',
  },
  uninstall: {
    title: 'Uninstall the app?',
    message: 'The Intercom token, the Referral Factory key, the sync settings and the run history are deleted. Data already written to Intercom and Referral Factory stays.',
    id: AppIds.uninstallConfirm,
    label: 'Uninstall',
  },
};

export function confirmScreen(kind: ConfirmKind): CanvasObject {
  const c = CONFIRM[kind];
  return canvas([
    text(c.title, { style: 'header' }),
    text(c.message, { style: 'muted' }),
    submitButton(c.id, c.label),
    submitButton(AppIds.settings, 'Cancel', { style: 'secondary' }),
  ], { ...APP_STORED_DATA, confirm: kind });
}

export function messageScreen(v: { title: string; message: string; style?: 'muted' | 'error'; button?: { id: string; label: string } }): CanvasObject {
  const button = v.button ?? { id: AppIds.restart, label: 'Start again' };
  return canvas([
    text(v.title, { style: 'header' }),
    text(v.message, { style: v.style ?? 'muted' }),
    submitButton(button.id, button.label),
  ], { v: 1, flow: 'card' });
}

export const errorScreen = (): CanvasObject =>
  messageScreen({ title: TITLE, message: 'Something went wrong on our side. Try again in a moment.', style: 'error', button: { id: AppIds.restart, label: 'Try again' } });

export const expiredScreen = (): CanvasObject =>
  messageScreen({ title: TITLE, message: 'This screen has expired or was changed. Start again from the beginning.', style: 'error' });

export const forbiddenScreen = (): CanvasObject =>
  messageScreen({ title: 'App settings', message: 'Only app admins can change settings. Ask one of them to add you.', style: 'error', button: { id: AppIds.restart, label: 'Back' } });
