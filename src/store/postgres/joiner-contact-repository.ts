import type pg from 'pg';
import { JOINER_CLAIM_MS, type JoinerClaim, type JoinerContactRepository } from '../../sync/joiner-contacts.js';

// Joiner contacts (migration 0006): one row per workspace and RF user. The claim is one statement:
// insert, or take over a claim that is stale, and report what holds the row otherwise.

export function postgresJoinerContactRepository(pool: pg.Pool): JoinerContactRepository {
  return {
    async claim(workspaceId, rfUserId, now): Promise<JoinerClaim> {
      const taken = await pool.query(
        `INSERT INTO rf_joiner_contacts (workspace_id, rf_user_id, contact_id, claimed_at) VALUES ($1, $2, NULL, $3)
         ON CONFLICT (workspace_id, rf_user_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
           WHERE rf_joiner_contacts.contact_id IS NULL AND rf_joiner_contacts.claimed_at <= $4
         RETURNING rf_user_id`,
        [workspaceId, rfUserId, now, now - JOINER_CLAIM_MS],
      );
      if (taken.rowCount === 1) return { kind: 'claimed' };
      const { rows } = await pool.query<{ contact_id: string | null }>('SELECT contact_id FROM rf_joiner_contacts WHERE workspace_id = $1 AND rf_user_id = $2', [workspaceId, rfUserId]);
      const contactId = rows[0]?.contact_id;
      return contactId ? { kind: 'recorded', contactId } : { kind: 'busy' };
    },
    async record(workspaceId, rfUserId, contactId, now) {
      await pool.query(
        `INSERT INTO rf_joiner_contacts (workspace_id, rf_user_id, contact_id, claimed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (workspace_id, rf_user_id) DO UPDATE SET contact_id = EXCLUDED.contact_id, claimed_at = EXCLUDED.claimed_at`,
        [workspaceId, rfUserId, contactId, now],
      );
    },
    async release(workspaceId, rfUserId) {
      await pool.query('DELETE FROM rf_joiner_contacts WHERE workspace_id = $1 AND rf_user_id = $2 AND contact_id IS NULL', [workspaceId, rfUserId]);
    },
    async deleteByWorkspace(workspaceId) {
      await pool.query('DELETE FROM rf_joiner_contacts WHERE workspace_id = $1', [workspaceId]);
    },
  };
}
