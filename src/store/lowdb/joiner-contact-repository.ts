import { JOINER_CLAIM_MS, type JoinerContactRepository } from '../../sync/joiner-contacts.js';
import type { DocumentStore } from './document.js';

// Joiner contacts in the embedded document: workspace → RF user id → record. Each method is one
// synchronous update, so claim's check-and-set cannot interleave in the process.

export function lowdbJoinerContactRepository(doc: DocumentStore): JoinerContactRepository {
  const key = String;
  return {
    async claim(workspaceId, rfUserId, now) {
      let result: Awaited<ReturnType<JoinerContactRepository['claim']>> = { kind: 'claimed' };
      await doc.update((db) => {
        const byUser = Object.hasOwn(db.joinerContacts, workspaceId) ? db.joinerContacts[workspaceId]! : (db.joinerContacts[workspaceId] = {});
        const held = Object.hasOwn(byUser, key(rfUserId)) ? byUser[key(rfUserId)] : undefined;
        if (held?.contactId) result = { kind: 'recorded', contactId: held.contactId };
        else if (held && held.claimedAt > now - JOINER_CLAIM_MS) result = { kind: 'busy' };
        else byUser[key(rfUserId)] = { contactId: null, claimedAt: now };
      });
      return result;
    },
    record: (workspaceId, rfUserId, contactId, now) =>
      doc.update((db) => {
        const byUser = Object.hasOwn(db.joinerContacts, workspaceId) ? db.joinerContacts[workspaceId]! : (db.joinerContacts[workspaceId] = {});
        byUser[key(rfUserId)] = { contactId, claimedAt: now };
      }),
    release: (workspaceId, rfUserId) =>
      doc.update((db) => {
        const byUser = Object.hasOwn(db.joinerContacts, workspaceId) ? db.joinerContacts[workspaceId] : undefined;
        if (byUser && Object.hasOwn(byUser, key(rfUserId)) && byUser[key(rfUserId)]?.contactId === null) delete byUser[key(rfUserId)];
      }),
    deleteByWorkspace: (workspaceId) => doc.update((db) => void delete db.joinerContacts[workspaceId]),
  };
}
