import { type CanvasObject, type Component, type StoredData, canvas, dataTable, submitButton, text } from '../index.js';
import { formatCount, plain, shortUrl } from './format.js';
import { CardIds } from './ids.js';

// The referral card: the first canvas a teammate sees next to a conversation. At most 400 px:
// the facts plus at most two buttons (Intercom's inbox best practices).

/** What the second button offers, by who is looking and what admins allow. */
export type CardMenu = 'settings' | 'sync_segment' | 'none';

export type CardView =
  | { kind: 'not_installed' }
  | { kind: 'disconnected' }
  | { kind: 'rf_not_connected'; menu: CardMenu }
  | { kind: 'no_sync'; menu: CardMenu }
  | { kind: 'no_contact'; menu: CardMenu }
  | {
      kind: 'referrer';
      menu: CardMenu;
      link: string;
      referrals: number | null;
      converted: number | null;
      campaign: string;
      lastSynced: string;
      notice?: Notice | undefined;
    }
  | { kind: 'not_referrer'; menu: CardMenu; campaign: string; canEnrol: boolean; notice?: Notice | undefined }
  | { kind: 'unavailable'; menu: CardMenu; message: string };

export interface Notice {
  style: 'muted' | 'error';
  text: string;
}

const TITLE = 'Referral Factory';

function menuButton(menu: CardMenu): Component[] {
  if (menu === 'settings') return [submitButton(CardIds.settings, 'Sync settings', { style: 'secondary' })];
  if (menu === 'sync_segment') return [submitButton(CardIds.syncSegment, 'Sync a segment', { style: 'secondary' })];
  return [];
}

const notice = (n: Notice | undefined): Component[] => (n ? [text(n.text, { style: n.style })] : []);

function body(v: CardView): Component[] {
  switch (v.kind) {
    case 'not_installed':
      return [text('This app is not installed for this workspace yet. An Intercom admin can install it from the App Store.', { style: 'muted' })];
    case 'disconnected':
      return [text('Intercom access for this app was revoked. An app admin must reinstall it to reconnect.', { style: 'error' })];
    case 'rf_not_connected':
      return [
        text('Referral Factory is not connected yet.', { style: 'muted' }),
        ...(v.menu === 'settings' ? menuButton('settings') : [text('Ask an app admin to connect it.', { style: 'muted' })]),
      ];
    case 'no_sync':
      return [
        text('No campaign is set up yet.', { style: 'muted' }),
        ...(v.menu === 'settings' ? menuButton('settings') : [text('Ask an app admin to choose one in Sync settings.', { style: 'muted' })]),
      ];
    case 'no_contact':
      return [text('Open a conversation with a contact to see their referral data.', { style: 'muted' }), ...menuButton(v.menu)];
    case 'referrer':
      return [
        text(`Referral link: [${shortUrl(v.link)}](${v.link})`),
        dataTable([
          ['Referrals', formatCount(v.referrals)],
          ['Converted', formatCount(v.converted)],
          ['Campaign', v.campaign],
          ['Last synced', v.lastSynced],
        ]),
        ...notice(v.notice),
        submitButton(CardIds.refresh, 'Refresh'),
        ...menuButton(v.menu),
      ];
    case 'not_referrer':
      return [
        text(`Not a referrer in ${plain(v.campaign)} yet.`, { style: 'muted' }),
        ...notice(v.notice),
        ...(v.canEnrol ? [submitButton(CardIds.addReferrer, 'Add as referrer')] : []),
        ...menuButton(v.menu),
      ];
    case 'unavailable':
      return [text(v.message, { style: 'error' }), submitButton(CardIds.refresh, 'Try again'), ...menuButton(v.menu)];
  }
}

export const cardComponents = (v: CardView): Component[] => [text(TITLE, { style: 'header' }), ...body(v)];

export const cardScreen = (v: CardView, storedData?: StoredData): CanvasObject => canvas(cardComponents(v), storedData);
