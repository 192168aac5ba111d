import { type CanvasObject, type Component, type StoredData, canvas, dataTable, dropdown, input, option, submitButton, text } from '../index.js';
import { formatCount, plain, shortUrl } from './format.js';
import { CardIds, cardFieldId } from './ids.js';

// The referral card: the first canvas a teammate sees next to a conversation. At most 400 px:
// the facts plus at most two buttons (Intercom's inbox best practices).

/** What the second button offers, by who is looking and what admins allow. */
export type CardMenu = 'settings' | 'settings_failed' | 'sync_segment' | 'none';

/** The app admins a teammate asks, as Intercom names them (the first two), and how many others there are. */
export interface AppAdminNames {
  names: readonly string[];
  more: number;
}

/** A name kept short enough that the sentence stays a few lines in the 360 px panel (text wraps, it is not cut). */
const shortName = (name: string): string => plain(name.length > 40 ? `${name.slice(0, 39)}…` : name);

/** "Ask an app admin (Ada Admin, Maya Manager and 2 more) to …", "Ask Ada Admin (app admin) to …"; unnamed without names. */
export function askAppAdmin(what: string, admins?: AppAdminNames): string {
  const names = (admins?.names ?? []).slice(0, 2).map(shortName);
  const more = (admins?.more ?? 0) + Math.max(0, (admins?.names.length ?? 0) - 2);
  if (names.length === 0) return `Ask an app admin to ${what}.`;
  if (names.length === 1 && more === 0) return `Ask ${names[0]} (app admin) to ${what}.`;
  const listedNames = more > 0 ? `${names.join(', ')} and ${more} more` : names.join(' or ');
  return `Ask an app admin (${listedNames}) to ${what}.`;
}

export type CardView =
  | { kind: 'not_installed' }
  | { kind: 'disconnected' }
  | { kind: 'rf_not_connected'; menu: CardMenu; appAdmins?: AppAdminNames | undefined }
  | { kind: 'no_sync'; menu: CardMenu; appAdmins?: AppAdminNames | undefined }
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
      /** The panel is open next to a conversation: the link can be sent into it (`sent`: it just was; a second press sends it again). */
      canSend?: boolean | 'sent' | undefined;
    }
  | { kind: 'not_referrer'; menu: CardMenu; campaign: string; enrol: EnrolOffer; notice?: Notice | undefined }
  | { kind: 'unavailable'; menu: CardMenu; message: string };

/** A required campaign field the contact leaves empty, asked for on the card; `error`: pressed "Add" with it empty. */
export interface AskedField {
  id: string;
  label: string;
  value: string;
  error: boolean;
  /** A select field's choices, offered in a dropdown (a value outside them would be refused). */
  choices?: readonly string[] | undefined;
}

/** A select's choices in a dropdown (ids are the choices themselves, so a submit carries the value); else a text input. */
function askedComponent(f: AskedField): Component {
  const saveState = f.error ? { saveState: 'failed' as const } : {};
  if (!f.choices) return input(cardFieldId(f.id), { label: `${f.label} *`, value: f.value, ...saveState });
  const value = f.choices.includes(f.value) ? { value: f.value } : {};
  return dropdown(cardFieldId(f.id), f.choices.map((c) => option(c, c)), { label: `${f.label} *`, ...value, ...saveState });
}

/** What the card offers a contact that is not a referrer: adding it, adding it once fields are typed, or why not. */
export type EnrolOffer =
  | { kind: 'ready' }
  | { kind: 'needs_fields'; fields: readonly AskedField[] }
  | { kind: 'blocked'; why: string };

export interface Notice {
  style: 'muted' | 'error';
  text: string;
}

const TITLE = 'Referral Factory';

function menuButton(menu: CardMenu): Component[] {
  if (menu === 'settings') return [submitButton(CardIds.settings, 'Sync settings', { style: 'secondary' })];
  // An app admin learns on the card that an ongoing sync's last run failed (issue #13); the status says why.
  if (menu === 'settings_failed') return [submitButton(CardIds.settings, 'Sync settings · last run failed', { style: 'secondary' })];
  if (menu === 'sync_segment') return [submitButton(CardIds.syncSegment, 'Sync a segment', { style: 'secondary' })];
  return [];
}

const notice = (n: Notice | undefined): Component[] => (n ? [text(n.text, { style: n.style })] : []);

const listed = (labels: string[]): string =>
  labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;

function enrolComponents(offer: EnrolOffer): Component[] {
  const add = submitButton(CardIds.addReferrer, 'Add as referrer');
  switch (offer.kind) {
    case 'ready':
      return [add];
    case 'blocked':
      return [text(offer.why, { style: 'muted' }), submitButton(CardIds.refresh, 'Refresh', { style: 'secondary' })];
    case 'needs_fields': {
      const labels = offer.fields.map((f) => plain(f.label));
      const verb = labels.length > 1 ? 'are' : 'is';
      return [
        text(`${listed(labels)} ${verb} empty on this contact; the campaign requires ${labels.length > 1 ? 'them' : 'it'}.`, { style: 'muted' }),
        ...offer.fields.flatMap((f) => [
          askedComponent(f),
          ...(f.error ? [text(`${f.choices ? 'Choose' : 'Enter'} the ${plain(f.label)}.`, { style: 'error' })] : []),
        ]),
        add,
      ];
    }
  }
}

function body(v: CardView): Component[] {
  switch (v.kind) {
    case 'not_installed':
      return [text('This app is not installed for this workspace yet. An Intercom admin can install it from the App Store.', { style: 'muted' })];
    case 'disconnected':
      return [text('Intercom access for this app was revoked. An app admin must reinstall it to reconnect.', { style: 'error' })];
    case 'rf_not_connected':
      return [
        text('Referral Factory is not connected yet.', { style: 'muted' }),
        ...(v.menu === 'settings' || v.menu === 'settings_failed' ? menuButton(v.menu) : [text(askAppAdmin('connect it', v.appAdmins), { style: 'muted' })]),
      ];
    case 'no_sync':
      return [
        text('No campaign is set up yet.', { style: 'muted' }),
        ...(v.menu === 'settings' || v.menu === 'settings_failed' ? menuButton(v.menu) : [text(askAppAdmin('choose one in Sync settings', v.appAdmins), { style: 'muted' })]),
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
        ...(v.canSend === 'sent' ? [submitButton(CardIds.sendLink, 'Send link again', { style: 'secondary' })]
          : v.canSend ? [submitButton(CardIds.sendLink, 'Send link to customer')] : []),
        submitButton(CardIds.refresh, 'Refresh', v.canSend ? { style: 'secondary' } : {}),
        ...menuButton(v.menu),
      ];
    case 'not_referrer':
      return [
        text(`Not a referrer in ${plain(v.campaign)} yet.`, { style: 'muted' }),
        ...notice(v.notice),
        ...enrolComponents(v.enrol),
        ...menuButton(v.menu),
      ];
    case 'unavailable':
      return [text(v.message, { style: 'error' }), submitButton(CardIds.refresh, 'Try again'), ...menuButton(v.menu)];
  }
}

export const cardComponents = (v: CardView): Component[] => [text(TITLE, { style: 'header' }), ...body(v)];

export const cardScreen = (v: CardView, storedData?: StoredData): CanvasObject => canvas(cardComponents(v), storedData);
