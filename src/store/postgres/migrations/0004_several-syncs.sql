-- Up Migration
-- Issue #13: a teammate's segment sync remembers the sync whose campaign and mapping it used (its
-- runs show in that sync's history), and a run records when someone pressed Stop (it shows as
-- stopping until it ends at the next contact), and a sync's state when its last run failed (the
-- card tells app admins).

ALTER TABLE sync_definitions ADD COLUMN parent_id text;
ALTER TABLE sync_runs ADD COLUMN stop_requested_at bigint;
ALTER TABLE sync_states ADD COLUMN last_failed_at bigint;

-- Down Migration
ALTER TABLE sync_states DROP COLUMN last_failed_at;
ALTER TABLE sync_runs DROP COLUMN stop_requested_at;
ALTER TABLE sync_definitions DROP COLUMN parent_id;
