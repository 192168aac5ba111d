import { AppError } from '../shared/errors.js';
import { isWizardDefinition, type SyncDefinition } from './definition.js';
import { enrolContact } from './enrol.js';
import type { ContactOutcome } from './outcome.js';
import type { ContactSource, ReferralDirectory, Referrer } from './ports.js';
import { attributeChanges, ensureReturnAttributes, returnValues } from './write-back.js';

export interface ContactActionDeps {
  listDefinitions(workspaceId: string): Promise<SyncDefinition[]>;
  contactsFor(workspaceId: string): Promise<ContactSource>;
  referralsFor(workspaceId: string): Promise<ReferralDirectory>;
}

/** The mapping the inbox actions and segment syncs reuse: the workspace's newest sync made in the wizard. */
export async function primaryDefinition(deps: Pick<ContactActionDeps, 'listDefinitions'>, workspaceId: string): Promise<SyncDefinition> {
  const def = (await deps.listDefinitions(workspaceId)).filter(isWizardDefinition).sort((a, b) => b.updatedAt - a.updatedAt)[0];
  if (!def) throw new AppError('not_found', 'No sync is configured for this workspace yet');
  return def;
}

/** One contact at a time, for the inbox card: "Add as referrer" and a live refresh of its referral data. */
export function createContactActions(deps: ContactActionDeps) {
  const open = (workspaceId: string) => Promise.all([deps.contactsFor(workspaceId), deps.referralsFor(workspaceId)]);
  return {
    async enrolContact(workspaceId: string, contactId: string): Promise<ContactOutcome> {
      const def = await primaryDefinition(deps, workspaceId);
      const [source, directory] = await open(workspaceId);
      const contact = await source.getContact(contactId);
      if (!contact) return { kind: 'skipped', contactId, reason: 'contact_not_found', message: 'The contact no longer exists in Intercom' };
      const campaign = await directory.getCampaign(def.campaignId);
      await ensureReturnAttributes(source, def.returnMapping);
      return enrolContact({ def, campaign, source, directory }, contact);
    },

    /** Reads RF live and writes back only the values that changed. */
    async refreshContact(workspaceId: string, contactId: string): Promise<{ referrer: Referrer | null; written: string[] }> {
      const def = await primaryDefinition(deps, workspaceId);
      const [source, directory] = await open(workspaceId);
      const contact = await source.getContact(contactId);
      if (!contact?.email) return { referrer: null, written: [] };
      const referrer = await directory.findReferrerByEmail(def.campaignId, contact.email);
      if (!referrer) return { referrer: null, written: [] };
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
