-- Up Migration
-- Issue #15: a referrer who joined through Referral Factory's own page may be created or updated in
-- Intercom. Per sync, what to do (nothing | lead | user; NULL: nothing), and per workspace and RF
-- user the Intercom contact the app created or found for them, so that a second delivery of the same
-- RF event never creates a second contact (Intercom's search does not see a new contact for minutes).
-- `contact_id` NULL: a process is creating it since `claimed_at` (ms).

ALTER TABLE sync_definitions ADD COLUMN new_referrers text;

CREATE TABLE rf_joiner_contacts (
  workspace_id text NOT NULL,
  rf_user_id   bigint NOT NULL,
  contact_id   text,
  claimed_at   bigint NOT NULL,
  PRIMARY KEY (workspace_id, rf_user_id)
);

-- Down Migration
DROP TABLE rf_joiner_contacts;
ALTER TABLE sync_definitions DROP COLUMN new_referrers;
