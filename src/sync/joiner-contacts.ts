// The Intercom contact the app created (or found) for a referrer who joined through Referral
// Factory's own page (rf-joiners.ts), per workspace and RF user. Intercom's search does not see a
// new contact for minutes, and leads may share an email (no 409 to stop a second one), so a second
// delivery of the same RF event must learn from here, not from Intercom, that the contact exists.
// A claim comes first: two processes handling two deliveries at once never both create.

/** How long a claim without a contact holds off others: a creation that crashed is tried again after it. */
export const JOINER_CLAIM_MS = 5 * 60_000;

export type JoinerClaim =
  /** Yours: create or find the contact, then `record` it (or `release` on failure). */
  | { kind: 'claimed' }
  /** Recorded before: update that contact (it may have been deleted since). */
  | { kind: 'recorded'; contactId: string }
  /** Another process is creating it right now: try again later. */
  | { kind: 'busy' };

/** Storage port (src/store/* adapters implement it). Every method is atomic on its own. */
export interface JoinerContactRepository {
  /** A recorded contact wins; else a claim younger than `JOINER_CLAIM_MS` makes it busy; else the caller holds a new claim. */
  claim(workspaceId: string, rfUserId: number, now: number): Promise<JoinerClaim>;
  /** The contact for the RF user (replaces a claim or an older contact). */
  record(workspaceId: string, rfUserId: number, contactId: string, now: number): Promise<void>;
  /** Gives a claim up (the creation failed); a recorded contact stays. */
  release(workspaceId: string, rfUserId: number): Promise<void>;
  /** Uninstall: the workspace's records go with its other data. */
  deleteByWorkspace(workspaceId: string): Promise<void>;
}

/** In this process only: the default where no store is given (unit tests, the command line). */
export function memoryJoinerContacts(): JoinerContactRepository {
  const held = new Map<string, { contactId: string | null; claimedAt: number }>();
  const key = (w: string, id: number) => JSON.stringify([w, id]);
  return {
    async claim(workspaceId, rfUserId, now) {
      const h = held.get(key(workspaceId, rfUserId));
      if (h?.contactId) return { kind: 'recorded', contactId: h.contactId };
      if (h && h.claimedAt > now - JOINER_CLAIM_MS) return { kind: 'busy' };
      held.set(key(workspaceId, rfUserId), { contactId: null, claimedAt: now });
      return { kind: 'claimed' };
    },
    async record(workspaceId, rfUserId, contactId, now) {
      held.set(key(workspaceId, rfUserId), { contactId, claimedAt: now });
    },
    async release(workspaceId, rfUserId) {
      if (held.get(key(workspaceId, rfUserId))?.contactId === null) held.delete(key(workspaceId, rfUserId));
    },
    async deleteByWorkspace(workspaceId) {
      for (const k of [...held.keys()]) if ((JSON.parse(k) as [string, number])[0] === workspaceId) held.delete(k);
    },
  };
}
