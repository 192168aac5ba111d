-- Up Migration
-- Issue #11 (engine) and #12 observations 7 and 9: a definition's First Name fallback; the
-- settings key a checkpoint was reached under and the last full run (full runs after a settings
-- change, scheduled reconciliation); a run's issues counted by reason, why it is full, and the wait
-- while it rides out an outage.

ALTER TABLE sync_definitions ADD COLUMN first_name_fallback jsonb;  -- { kind: email_local | text | skip, text? }; NULL: email_local

ALTER TABLE sync_states
  ADD COLUMN checkpoint_key text,     -- definitionKey() of the settings the checkpoint was reached under
  ADD COLUMN last_full_at   bigint;   -- start (ms) of the last completed full run

ALTER TABLE sync_runs
  ADD COLUMN reasons     jsonb,       -- [{ kind, code, count, message }]: every issue counted by reason
  ADD COLUMN full_reason text,        -- first_run | settings_changed | reconcile | requested
  ADD COLUMN waiting     jsonb;       -- { service, since, nextTryAt, reason } while waiting out an outage

-- Down Migration
ALTER TABLE sync_runs DROP COLUMN waiting, DROP COLUMN full_reason, DROP COLUMN reasons;
ALTER TABLE sync_states DROP COLUMN last_full_at, DROP COLUMN checkpoint_key;
ALTER TABLE sync_definitions DROP COLUMN first_name_fallback;
