import { type Component, submitButton, text } from '../index.js';
import { WizardIds } from './ids.js';

// Pieces every wizard screen shares: the step title in RF's words, field errors, navigation.

/** Messages to show next to fields, keyed by the component id they belong to. */
export type FieldErrors = Readonly<Record<string, string>>;

export const STEP_TITLES = {
  connect: 'Connect Referral Factory',
  /** The same step once Referral Factory is connected: it chooses the campaign. */
  campaign: 'Select Campaign',
  audience: 'Select Intercom Contact Type',
  fields: 'Map Intercom Fields to Referral Factory',
  returns: 'Map Referral Factory Fields to Intercom',
  overview: 'Overview',
} as const;

const STEP_NUMBERS = { audience: 1, fields: 2, returns: 3, overview: 4 } as const;

export function stepHeader(step: keyof typeof STEP_TITLES): Component[] {
  const n = step === 'connect' || step === 'campaign' ? undefined : STEP_NUMBERS[step];
  return [
    ...(n ? [text(`Step ${n} of 4`, { style: 'muted', bottomMargin: 'none' as const })] : []),
    text(STEP_TITLES[step], { style: 'header' }),
  ];
}

export const errorFor = (errors: FieldErrors | undefined, id: string): Component[] =>
  errors?.[id] ? [text(errors[id], { style: 'error' })] : [];

export const failedIf = (errors: FieldErrors | undefined, id: string) => (errors?.[id] ? ('failed' as const) : undefined);

export const navigation = (nextId: string, nextLabel = 'Next'): Component[] => [
  submitButton(nextId, nextLabel),
  submitButton(WizardIds.back, 'Back', { style: 'secondary' }),
];
