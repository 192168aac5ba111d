import { type CanvasObject, type StoredData, canvas, submitButton, text, urlButton } from '../index.js';
import { AppIds } from '../ids.js';
import { WizardIds } from './ids.js';
import { type PickItem, pickerComponents } from './picker.js';
import { type FieldErrors, errorFor, stepHeader } from './wizard-parts.js';

/** The button to press after entering the key on the setup page (the page names it). */
export const CONNECTED_BUTTON = 'I have connected it';

export type ConnectView =
  | { connected: false; setupUrl: string; errors?: FieldErrors | undefined }
  | {
      connected: true;
      campaigns: readonly PickItem[];
      filter: string;
      page: number;
      campaignId?: string | undefined;
      errors?: FieldErrors | undefined;
    };

export function connectScreen(v: ConnectView, storedData: StoredData): CanvasObject {
  if (!v.connected) {
    return canvas([
      ...stepHeader('connect'),
      text('Connect your Referral Factory account with its API key. The link opens a secure page; come back here when done.'),
      urlButton(WizardIds.connectLink, 'Connect Referral Factory', v.setupUrl),
      submitButton(WizardIds.connectCheck, CONNECTED_BUTTON, { style: 'secondary' }),
      ...errorFor(v.errors, WizardIds.connectCheck),
      submitButton(AppIds.settings, 'App settings', { style: 'link' }),
      submitButton(WizardIds.back, 'Back', { style: 'link' }),
    ], storedData);
  }
  return canvas([
    ...stepHeader('campaign'),
    text('Referral Factory is connected. Which campaign should referrers join?', { style: 'muted' }),
    ...pickerComponents({
      prefix: 'wizard.campaign',
      label: 'Campaign',
      noun: 'campaign',
      items: v.campaigns,
      filter: v.filter,
      page: v.page,
      value: v.campaignId,
      error: v.errors?.[WizardIds.campaign.choice],
    }),
    submitButton(WizardIds.connectNext, 'Next'),
    submitButton(WizardIds.back, 'Back', { style: 'secondary' }),
  ], storedData);
}
