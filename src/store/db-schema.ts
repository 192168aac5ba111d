import { z } from 'zod';
import { SyncDefinitionSchema } from '../sync/definition.js';
import { SyncRunSchema } from '../sync/run-record.js';

/** AES-256-GCM ciphertext; see src/shared/secret-box.ts. Never a plain secret. */
export const EncryptedSecretSchema = z.object({
  v: z.literal(1),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
export type EncryptedSecret = z.infer<typeof EncryptedSecretSchema>;

export const RegionSchema = z.enum(['US', 'EU', 'AU']);
export type Region = z.infer<typeof RegionSchema>;

export const ReferralFactoryConnectionSchema = z.object({
  apiKey: EncryptedSecretSchema,
  connectedBy: z.string(),
  connectedAt: z.number().int(),
});

export const InstallationSchema = z.object({
  workspaceId: z.string().min(1),
  region: RegionSchema,
  mode: z.enum(['oauth', 'private']),
  accessToken: EncryptedSecretSchema,
  installedBy: z.string(),
  installedAt: z.number().int(),
  appAdmins: z.array(z.string()).min(1),
  status: z.enum(['active', 'disconnected']),
  disconnectedReason: z.string().optional(),
  referralFactory: ReferralFactoryConnectionSchema.optional(),
  settings: z.object({ teammatesCanSyncSegments: z.boolean() }),
});
export type Installation = z.infer<typeof InstallationSchema>;

/** Where an unfinished run stands, so a restart resumes it instead of starting over. */
export const RunCheckpointSchema = z.object({
  runId: z.string(),
  cursor: z.string().nullable(),
  pageStartedAt: z.number().int().nullable(),
});

export const SyncStateSchema = z.object({
  /** Lower bound (unix seconds) for the next incremental run; moves only when a run completes. */
  updatedSince: z.number().int().nullable(),
  lastCompletedAt: z.number().int().nullable(),
  nextRunAt: z.number().int().nullable(),
  /** Contacts that failed last time, retried by the next run. Bounded. */
  retryContactIds: z.array(z.string()).max(1000),
  inFlight: RunCheckpointSchema.nullable(),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

export const DB_VERSION = 1;

export const DbFileSchema = z.object({
  version: z.literal(DB_VERSION),
  installations: z.record(z.string(), InstallationSchema),
  syncs: z.record(z.string(), SyncDefinitionSchema),
  syncState: z.record(z.string(), SyncStateSchema),
  /** Bounded history: newest last, at most MAX_RUNS_PER_SYNC per sync. */
  runs: z.record(z.string(), z.array(SyncRunSchema)),
  /** Single-use tokens (OAuth state, setup links): jti → expiry (unix seconds). Pruned on write. */
  usedTokens: z.record(z.string(), z.number().int()),
});
export type DbFile = z.infer<typeof DbFileSchema>;

export const MAX_RUNS_PER_SYNC = 50;

export const emptyDb = (): DbFile => ({
  version: DB_VERSION,
  installations: {},
  syncs: {},
  syncState: {},
  runs: {},
  usedTokens: {},
});
