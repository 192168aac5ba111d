import { REFERRER_VALUES } from '../../sync/write-back.js';
import type { Draft } from './state.js';
import { RETURN_LABELS } from './transitions.js';

// Step 3's advice on "New referrers from your RF page": someone who joins on RF's page gets an
// Intercom contact with the return fields this sync sends (rf-joiners.ts). With none of them sent,
// the contact holds only the email and the first name RF has, which is rarely what an admin who
// chose it wants, but may be (a list to reach out to): advice beside the choice, never a refusal.

/** The warning to show beside the choice, or undefined when a new contact gets a return field (or none is made). */
export function newReferrerWarning(d: Pick<Draft, 'newReferrers' | 'returns'>): string | undefined {
  if (d.newReferrers !== 'lead' && d.newReferrers !== 'user') return undefined;
  if (REFERRER_VALUES.some((v) => (d.returns?.[v] ?? 'none') !== 'none')) return undefined;
  // (Labels read here, not at load: transitions.ts imports this file.)
  const fields = REFERRER_VALUES.map((v) => RETURN_LABELS[v]);
  // RF's own words: its integration's "Create New Lead / Create New User", its fields' names, the row's "Do not send".
  return `Check: with ${fields.slice(0, -1).join(', ')} and ${fields.at(-1)} all on Do not send, a new ${d.newReferrers === 'lead' ? 'Lead' : 'User'} gets only an email and a first name. Next keeps it so.`;
}
