-- Up Migration
-- The activity list app admins read in the app settings (issue #12): settings changes per
-- workspace, newest first (seq), trimmed to the newest 100 on every append.

CREATE TABLE activity (
  seq          bigserial PRIMARY KEY,
  workspace_id text NOT NULL,
  at           bigint NOT NULL,
  kind         text NOT NULL,
  by_admin     text,
  subject      text
);
CREATE INDEX activity_by_workspace ON activity (workspace_id, seq DESC);

-- Down Migration
DROP TABLE activity;
