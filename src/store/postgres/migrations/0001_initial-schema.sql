-- Up Migration
-- The distributed store (issue #14): one table per repository, shaped by the queries in
-- src/store/postgres/*. Records are checked against their zod schemas when read back; nested parts
-- (a definition's mapping, a run's counts and issues) are JSONB. Times are what the domain stores:
-- milliseconds since the epoch, except installed_at, connectedAt and token expiries (seconds).
-- Append new migrations as new files; never edit one that may have run somewhere.

CREATE TABLE installations (
  workspace_id        text PRIMARY KEY,
  region              text NOT NULL,
  mode                text NOT NULL,
  access_token        jsonb NOT NULL,  -- sealed by the install layer (AES-256-GCM); never plain
  installed_by        text NOT NULL,
  installed_at        bigint NOT NULL,
  app_admins          jsonb NOT NULL,
  status              text NOT NULL,
  disconnected_reason text,
  referral_factory    jsonb,           -- { apiKey: sealed, connectedBy, connectedAt }
  settings            jsonb NOT NULL
);

-- Spent single-use tokens (OAuth state, setup links) until they expire.
CREATE TABLE used_tokens (
  jti        text PRIMARY KEY,
  expires_at bigint NOT NULL
);
CREATE INDEX used_tokens_expiry ON used_tokens (expires_at);

CREATE TABLE sync_definitions (
  id             text PRIMARY KEY,
  workspace_id   text NOT NULL,
  campaign_id    bigint NOT NULL,
  campaign_name  text,
  audience       jsonb NOT NULL,
  field_mapping  jsonb NOT NULL,
  return_mapping jsonb NOT NULL,
  schedule       jsonb NOT NULL,
  enabled        boolean NOT NULL,
  created_by     text,
  origin         text,
  created_at     bigint NOT NULL,
  updated_at     bigint NOT NULL
);
-- listByWorkspace (oldest first) and deleteByWorkspace.
CREATE INDEX sync_definitions_workspace ON sync_definitions (workspace_id, created_at);
-- listDue: only enabled ongoing syncs are candidates.
CREATE INDEX sync_definitions_ongoing ON sync_definitions (created_at) WHERE enabled AND schedule->>'type' = 'ongoing';

-- Scheduling and resume state. No foreign key: like the embedded store, a state may be written
-- before its definition; deleting a definition deletes its state in the same statement.
CREATE TABLE sync_states (
  sync_id           text PRIMARY KEY,
  updated_since     bigint,
  last_completed_at bigint,
  next_run_at       bigint,
  retry_contact_ids jsonb NOT NULL DEFAULT '[]',
  in_flight         jsonb            -- { runId, cursor, pageStartedAt } while a run is queued or running
);

CREATE TABLE sync_runs (
  seq            bigint GENERATED ALWAYS AS IDENTITY,  -- claim order: the history lists newest first
  id             text PRIMARY KEY,
  sync_id        text NOT NULL REFERENCES sync_definitions (id) ON DELETE CASCADE,
  workspace_id   text NOT NULL,
  trigger        text NOT NULL,
  mode           text NOT NULL,
  status         text NOT NULL,
  audience_size  integer,
  processed      integer NOT NULL,
  counts         jsonb NOT NULL,
  issues         jsonb NOT NULL,
  queued_at      bigint NOT NULL,
  started_at     bigint,
  ended_at       bigint,
  failure_reason text,
  definition     jsonb,             -- the definition as queued; dropped when the run ends
  since          bigint,
  not_changed    integer,
  refreshed      integer,
  failed_ids     jsonb
);
CREATE INDEX sync_runs_history ON sync_runs (sync_id, seq DESC);
-- At most one queued or running run per sync, whoever inserts it: runs.claim relies on this.
CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (sync_id) WHERE status IN ('queued', 'running');

-- Down Migration
DROP TABLE sync_runs;
DROP TABLE sync_states;
DROP TABLE sync_definitions;
DROP TABLE used_tokens;
DROP TABLE installations;
