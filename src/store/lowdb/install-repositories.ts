import type { Installation } from '../../install/installation.js';
import type { InstallRepositories } from '../../install/repositories.js';
import { lowdbActivityRepository } from './activity-repository.js';
import type { DocumentStore } from './document.js';

// Installations and used single-use tokens in the embedded document. Reads hand out copies, so a
// caller never changes the document except through an update (as with a database).

export function lowdbInstallRepositories(doc: DocumentStore): InstallRepositories {
  const find = (workspaceId: string): Installation | undefined =>
    Object.hasOwn(doc.read().installations, workspaceId) ? doc.read().installations[workspaceId] : undefined;
  const copy = (inst: Installation | undefined): Installation | null => (inst ? structuredClone(inst) : null);

  return {
    activity: lowdbActivityRepository(doc),
    installations: {
      get: async (workspaceId) => copy(find(workspaceId)),
      async upsert(workspaceId, make) {
        let next: Installation | undefined;
        await doc.update((db) => {
          const prev = Object.hasOwn(db.installations, workspaceId) ? db.installations[workspaceId] : undefined;
          next = make(prev ? structuredClone(prev) : null);
          db.installations[workspaceId] = next;
        });
        return structuredClone(next as Installation);
      },
      async update(workspaceId, change) {
        if (!find(workspaceId)) return null;
        let next: Installation | undefined;
        await doc.update((db) => {
          const inst = db.installations[workspaceId];
          if (!inst) return;
          change(inst);
          next = inst;
        });
        return copy(next);
      },
      delete: (workspaceId) => doc.update((db) => void delete db.installations[workspaceId]),
    },
    usedTokens: {
      isUsed: async (jti) => Object.hasOwn(doc.read().usedTokens, jti),
      async markUsed(jti, expiresAt, now) {
        let fresh = false;
        await doc.update((db) => {
          for (const [id, exp] of Object.entries(db.usedTokens)) if (exp < now) delete db.usedTokens[id];
          if (Object.hasOwn(db.usedTokens, jti)) return;
          db.usedTokens[jti] = expiresAt;
          fresh = true;
        });
        return fresh;
      },
    },
  };
}
