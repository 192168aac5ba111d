import { AppError } from '../shared/errors.js';
import { withCompanyNames } from './company-names.js';
import { firstNameFallbackOf, isWizardDefinition, type SyncDefinition } from './definition.js';
import { enrolContact, mapFor } from './enrol.js';
import { mapContact } from './mapping.js';
import type { ContactOutcome } from './outcome.js';
import type { CallPriority, Campaign, ContactSource, IntercomContact, ReferralDirectory, Referrer } from './ports.js';
import { attributeChanges, ensureReturnAttributes, returnValues } from './write-back.js';

export interface ContactActionDeps {
  listDefinitions(workspaceId: string): Promise<SyncDefinition[]>;
  contactsFor(workspaceId: string): Promise<ContactSource>;
  referralsFor(workspaceId: string, priority: CallPriority): Promise<ReferralDirectory>;
}

/** The workspace's syncs made in the wizard, first made first (the order the sync list shows). */
export const wizardDefinitionsOf = (defs: readonly SyncDefinition[]): SyncDefinition[] =>
  defs.filter(isWizardDefinition).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));

/**
 * The mapping the card's actions reuse: the workspace's first sync made in the wizard. The first
 * made, not the last edited: editing another sync must not change the campaign agents see.
 */
export async function primaryDefinition(deps: Pick<ContactActionDeps, 'listDefinitions'>, workspaceId: string): Promise<SyncDefinition> {
  const def = wizardDefinitionsOf(await deps.listDefinitions(workspaceId))[0];
  if (!def) throw new AppError('not_found', 'No sync is configured for this workspace yet');
  return def;
}

/** Whether "Add as referrer" can succeed for a contact that is not a referrer yet, and what it lacks. */
export type EnrolReadiness =
  | { kind: 'ready' }
  /** Required campaign fields the contact leaves empty: a teammate can type them on the card. */
  | { kind: 'needs_fields'; fields: AskedFieldInfo[] }
  | { kind: 'blocked'; reason: 'no_email' | 'invalid_email' | 'contact_not_found'; message: string };

/** What "Add as referrer" did; `needs_fields` when a required field is still empty (nothing was sent to RF). */
export type EnrolResult = ContactOutcome | { kind: 'needs_fields'; fields: AskedFieldInfo[] };
/** A required field the contact leaves empty; `choices`: a select's, to offer in a dropdown. */
export interface AskedFieldInfo { id: string; label: string; choices?: string[] }

const GONE: EnrolReadiness = { kind: 'blocked', reason: 'contact_not_found', message: 'The contact no longer exists in Intercom' };

const fieldsById = (campaign: Campaign, ids: readonly string[]) =>
  ids.map((id) => {
    const field = campaign.fields.find((f) => f.id === id);
    return { id, label: field?.label ?? id, ...(field?.choices ? { choices: field.choices } : {}) };
  });

/** Values typed on the card, less a select's value that is not one of its choices (a forged submit): that field is asked again. */
const validSupplied = (campaign: Campaign, supplied: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(supplied).filter(([id, value]) => {
    const choices = campaign.fields.find((f) => f.id === id)?.choices;
    return !choices || choices.includes(value);
  }));

/**
 * Without RF first: an email the mapping cannot find or use blocks the contact whatever the
 * campaign asks (mapping.ts checks the email before the fields).
 */
function emailBlock(def: SyncDefinition, contact: IntercomContact): EnrolReadiness | null {
  const pre = mapContact(def.fieldMapping, [], contact, firstNameFallbackOf(def));
  return !pre.ok && pre.reason !== 'required_field_empty' ? { kind: 'blocked', reason: pre.reason, message: pre.message } : null;
}

/** One contact at a time, for the inbox card: "Add as referrer" and a live refresh of its referral data. */
export function createContactActions(deps: ContactActionDeps) {
  // An agent waits for each of these: their RF calls go ahead of any run's.
  const open = (workspaceId: string) => Promise.all([deps.contactsFor(workspaceId), deps.referralsFor(workspaceId, 'interactive')]);
  return {
    /** `supplied`: values typed on the card for required campaign fields the contact leaves empty, by RF field id. */
    async enrolContact(workspaceId: string, contactId: string, supplied: Readonly<Record<string, string>> = {}): Promise<EnrolResult> {
      const def = await primaryDefinition(deps, workspaceId);
      const [source, directory] = await open(workspaceId);
      const read = await source.getContact(contactId);
      if (!read) return { kind: 'skipped', contactId, reason: 'contact_not_found', message: 'The contact no longer exists in Intercom' };
      const [contact] = (await withCompanyNames(source, def, [read])) as [IntercomContact];
      const campaign = await directory.getCampaign(def.campaignId);
      const typed = validSupplied(campaign, supplied);
      const mapped = mapFor({ def, campaign, supplied: typed }, contact);
      if (!mapped.ok && mapped.reason === 'required_field_empty') return { kind: 'needs_fields', fields: fieldsById(campaign, mapped.missing) };
      await ensureReturnAttributes(source, def.returnMapping);
      return enrolContact({ def, campaign, source, directory, supplied: typed }, contact);
    },

    /**
     * Reads RF live and writes back only the values that changed. A contact that is not a referrer
     * comes back with what adding it would take (`enrolment`); a contact without a usable email costs no RF call.
     */
    async refreshContact(workspaceId: string, contactId: string): Promise<{ referrer: Referrer | null; written: string[]; enrolment?: EnrolReadiness }> {
      const def = await primaryDefinition(deps, workspaceId);
      const [source, directory] = await open(workspaceId);
      const contact = await source.getContact(contactId);
      if (!contact) return { referrer: null, written: [], enrolment: GONE };
      const blocked = emailBlock(def, contact);
      if (blocked) return { referrer: null, written: [], enrolment: blocked };
      const referrer = contact.email ? await directory.findReferrerByEmail(def.campaignId, contact.email) : null;
      if (!referrer) {
        const [campaign, [named]] = await Promise.all([directory.getCampaign(def.campaignId), withCompanyNames(source, def, [contact])]);
        const mapped = mapFor({ def, campaign }, named as IntercomContact);
        const enrolment: EnrolReadiness = mapped.ok
          ? { kind: 'ready' }
          : mapped.reason === 'required_field_empty'
            ? { kind: 'needs_fields', fields: fieldsById(campaign, mapped.missing) }
            : { kind: 'blocked', reason: mapped.reason, message: mapped.message };
        return { referrer: null, written: [], enrolment };
      }
      const changes = attributeChanges(contact, def.returnMapping, returnValues(referrer, false));
      const written = Object.keys(changes);
      if (written.length > 0) {
        await ensureReturnAttributes(source, def.returnMapping);
        await source.updateCustomAttributes(contact.id, changes);
      }
      return { referrer, written };
    },
  };
}
