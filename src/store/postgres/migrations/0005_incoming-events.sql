-- Up Migration
-- Incoming events (issue #15): Intercom webhook notifications (and, later, Referral Factory's),
-- stored before they are acknowledged and processed as jobs. Ids and versions only, never a
-- payload. The id is a digest of (source, external_id): a redelivery conflicts on it.

CREATE TABLE incoming_events (
  id              text PRIMARY KEY,
  source          text NOT NULL,
  external_id     text NOT NULL,
  workspace_id    text NOT NULL,
  topic           text NOT NULL,
  subject_id      text,
  subject_version bigint,
  detail          jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at     bigint NOT NULL,
  received_at     bigint NOT NULL,
  status          text NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  lease_until     bigint,
  outcome         text,
  last_error      text,
  finished_at     bigint
);
CREATE INDEX incoming_events_unfinished ON incoming_events (received_at) WHERE status IN ('pending', 'processing');
CREATE INDEX incoming_events_finished ON incoming_events (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX incoming_events_by_workspace ON incoming_events (workspace_id, received_at DESC);
CREATE INDEX incoming_events_by_subject ON incoming_events (workspace_id, source, subject_id, subject_version) WHERE subject_id IS NOT NULL;

-- What an ongoing sync does when an enrolled contact is archived or deleted: keep | remove; NULL: keep.
ALTER TABLE sync_definitions ADD COLUMN on_contact_gone text;

-- Down Migration
ALTER TABLE sync_definitions DROP COLUMN on_contact_gone;
DROP TABLE incoming_events;
