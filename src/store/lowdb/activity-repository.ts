import { MAX_ACTIVITY_PER_WORKSPACE, type ActivityRepository } from '../../install/activity.js';
import type { DocumentStore } from './document.js';

// The activity list in the embedded document: per workspace, newest first, bounded.

export function lowdbActivityRepository(doc: DocumentStore): ActivityRepository {
  return {
    append: (workspaceId, entry) =>
      doc.update((db) => {
        const list = [structuredClone(entry), ...(Object.hasOwn(db.activity, workspaceId) ? (db.activity[workspaceId] ?? []) : [])];
        db.activity[workspaceId] = list.slice(0, MAX_ACTIVITY_PER_WORKSPACE);
      }),
    listRecent: async (workspaceId, limit) =>
      structuredClone((Object.hasOwn(doc.read().activity, workspaceId) ? (doc.read().activity[workspaceId] ?? []) : []).slice(0, limit)),
    deleteByWorkspace: (workspaceId) => doc.update((db) => void delete db.activity[workspaceId]),
  };
}
