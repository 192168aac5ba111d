import { z } from 'zod';
import { InstallationSchema, type Installation } from '../../install/installation.js';
import { SyncDefinitionSchema, type SyncDefinition } from '../../sync/definition.js';
import { SyncRunSchema, type SyncRun } from '../../sync/run-record.js';
import { SyncStateSchema, type SyncState } from '../../sync/sync-state.js';
import type { Table } from './table.js';

// Every stored field and its column (migrations/0001_initial-schema.sql and later files).

export const installations: Table<Installation> = {
  name: 'installations',
  key: 'workspaceId',
  what: 'installation',
  schema: InstallationSchema,
  columns: {
    workspaceId: { name: 'workspace_id', kind: 'text' },
    region: { name: 'region', kind: 'text' },
    mode: { name: 'mode', kind: 'text' },
    accessToken: { name: 'access_token', kind: 'json' },
    installedBy: { name: 'installed_by', kind: 'text' },
    installedAt: { name: 'installed_at', kind: 'int' },
    appAdmins: { name: 'app_admins', kind: 'json' },
    status: { name: 'status', kind: 'text' },
    disconnectedReason: { name: 'disconnected_reason', kind: 'text' },
    referralFactory: { name: 'referral_factory', kind: 'json' },
    settings: { name: 'settings', kind: 'json' },
  },
};

export const definitions: Table<SyncDefinition> = {
  name: 'sync_definitions',
  key: 'id',
  what: 'sync definition',
  schema: SyncDefinitionSchema,
  columns: {
    id: { name: 'id', kind: 'text' },
    workspaceId: { name: 'workspace_id', kind: 'text' },
    campaignId: { name: 'campaign_id', kind: 'int' },
    campaignName: { name: 'campaign_name', kind: 'text' },
    audience: { name: 'audience', kind: 'json' },
    fieldMapping: { name: 'field_mapping', kind: 'json' },
    returnMapping: { name: 'return_mapping', kind: 'json' },
    firstNameFallback: { name: 'first_name_fallback', kind: 'json' },
    schedule: { name: 'schedule', kind: 'json' },
    onContactGone: { name: 'on_contact_gone', kind: 'text' },
    newReferrers: { name: 'new_referrers', kind: 'text' },
    enabled: { name: 'enabled', kind: 'bool' },
    createdBy: { name: 'created_by', kind: 'text' },
    origin: { name: 'origin', kind: 'text' },
    parentId: { name: 'parent_id', kind: 'text' },
    createdAt: { name: 'created_at', kind: 'int' },
    updatedAt: { name: 'updated_at', kind: 'int' },
  },
};

/** A sync's state as a row: the state and the sync it belongs to. */
export type SyncStateRow = SyncState & { syncId: string };

export const states: Table<SyncStateRow> = {
  name: 'sync_states',
  key: 'syncId',
  what: 'sync state',
  schema: SyncStateSchema.extend({ syncId: z.string().min(1) }),
  columns: {
    syncId: { name: 'sync_id', kind: 'text' },
    updatedSince: { name: 'updated_since', kind: 'int', nullable: true },
    lastCompletedAt: { name: 'last_completed_at', kind: 'int', nullable: true },
    nextRunAt: { name: 'next_run_at', kind: 'int', nullable: true },
    retryContactIds: { name: 'retry_contact_ids', kind: 'json' },
    inFlight: { name: 'in_flight', kind: 'json', nullable: true },
    checkpointKey: { name: 'checkpoint_key', kind: 'text', nullable: true },
    lastFullAt: { name: 'last_full_at', kind: 'int', nullable: true },
    lastFailedAt: { name: 'last_failed_at', kind: 'int', nullable: true },
  },
};

export const runs: Table<SyncRun> = {
  name: 'sync_runs',
  key: 'id',
  what: 'sync run',
  schema: SyncRunSchema,
  columns: {
    id: { name: 'id', kind: 'text' },
    syncId: { name: 'sync_id', kind: 'text' },
    workspaceId: { name: 'workspace_id', kind: 'text' },
    trigger: { name: 'trigger', kind: 'text' },
    mode: { name: 'mode', kind: 'text' },
    status: { name: 'status', kind: 'text' },
    audienceSize: { name: 'audience_size', kind: 'int', nullable: true },
    processed: { name: 'processed', kind: 'int' },
    counts: { name: 'counts', kind: 'json' },
    issues: { name: 'issues', kind: 'json' },
    queuedAt: { name: 'queued_at', kind: 'int' },
    startedAt: { name: 'started_at', kind: 'int', nullable: true },
    endedAt: { name: 'ended_at', kind: 'int', nullable: true },
    failureReason: { name: 'failure_reason', kind: 'text' },
    definition: { name: 'definition', kind: 'json' },
    // Optional and nullable: stored NULL reads back as null, which the engine reads as absent (`since ?? null`).
    since: { name: 'since', kind: 'int', nullable: true },
    notChanged: { name: 'not_changed', kind: 'int' },
    refreshed: { name: 'refreshed', kind: 'int' },
    failedIds: { name: 'failed_ids', kind: 'json' },
    reasons: { name: 'reasons', kind: 'json' },
    fullReason: { name: 'full_reason', kind: 'text' },
    // Saved as undefined when a wait is over: the column is cleared and the key reads back absent.
    waiting: { name: 'waiting', kind: 'json' },
    stopRequestedAt: { name: 'stop_requested_at', kind: 'int' },
  },
};

/** The statuses of a run in flight; the partial unique index sync_runs_one_active lists the same. */
export const ACTIVE_STATUSES_SQL = `('queued', 'running')`;
