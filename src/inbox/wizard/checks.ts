import { WizardIds } from '../../../canvas/screens/ids.js';
import { formatInterval } from '../../../canvas/screens/format.js';
import { INTERVAL_CHOICES } from '../../../canvas/screens/wizard-overview.js';
import type { FieldErrors } from '../../../canvas/screens/wizard-parts.js';
import type { AttributeInfo } from '../../sync/ports.js';
import type { SyncDefinition } from '../../sync/definition.js';
import { campaignLabel } from '../card/inbox-env.js';
import type { SyncPlan } from './draft.js';
import { RETURN_VALUES, type Draft } from './state.js';
import { RETURN_LABELS } from './transitions.js';

// Checks of what stored_data claims, made again on the action that relies on it: the state comes
// back through Intercom and may be stale or forged, even with a valid signature. Each refusal sits
// next to its field and says what is allowed.

const list = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);

export const INTERVAL_HINT = `Choose how often it runs: ${list(INTERVAL_CHOICES.map(formatInterval))}.`;

/** An ongoing sync runs on one of the intervals the Overview offers. */
export const isOfferedInterval = (minutes: number): boolean => (INTERVAL_CHOICES as readonly number[]).includes(minutes);

export function intervalErrors(d: Pick<Draft, 'syncType' | 'intervalMinutes'>): FieldErrors | undefined {
  return d.syncType === 'ongoing' && !isOfferedInterval(d.intervalMinutes) ? { [WizardIds.interval]: INTERVAL_HINT } : undefined;
}

/**
 * Return values sent to an existing attribute need that attribute, custom and writable, in this
 * workspace: the app creates only the attributes of the "new" choice (`plan.newAttributes`), never
 * a name that came in stored_data.
 */
export function returnAttributeErrors(plan: SyncPlan, attributes: readonly AttributeInfo[]): FieldErrors | undefined {
  const created = new Set(plan.newAttributes.map((a) => a.name));
  const missing = Object.values(plan.returnMapping).filter((name): name is string =>
    name !== undefined && !created.has(name) && !attributes.some((a) => a.name === name && a.custom && a.apiWritable));
  if (missing.length === 0) return undefined;
  return { [WizardIds.start]: missing.map((n) => `The attribute ${n} does not exist in this workspace: go Back to the return fields and choose another.`).join(' ') };
}

/**
 * Several syncs (issue #13): an attribute that holds another campaign's values (another sync's
 * return field) would be overwritten by each sync in turn, and the card would show one campaign's
 * link as the other's. Syncs into the same campaign may share them (same email, same referrer).
 */
export function sharedReturnAttribute(plan: SyncPlan, syncs: readonly SyncDefinition[], editing: string | undefined): string | undefined {
  for (const other of syncs) {
    if (other.id === editing || other.campaignId === plan.campaignId) continue;
    for (const v of RETURN_VALUES) {
      const name = plan.returnMapping[v];
      if (name && Object.values(other.returnMapping).includes(name)) {
        return `${RETURN_LABELS[v]} would go to ${name}, which holds the values of ${campaignLabel(other)} (another sync). Go Back to Map Referral Factory Fields to Intercom and choose another attribute, or Do not send.`;
      }
    }
  }
  return undefined;
}
