import type { CanvasObject } from '../../../canvas/index.js';
import type { Store } from '../../store/store.js';
import type { Installation } from '../../store/db-schema.js';
import type { SyncDefinition } from '../../sync/definition.js';
import type { ContactOutcome, DryRunSample } from '../../sync/outcome.js';
import type { Clock, ContactSource, ReferralDirectory, Referrer } from '../../sync/ports.js';
import type { OutcomeCounts, RunTrigger, SyncRun } from '../../sync/run-record.js';

// What the inbox screens need from the app, narrowed to what they use. The composition root
// fills it from AppDeps and the sync service; tests get the real thing wired to the sandboxes.

export interface InboxSyncApi {
  saveDefinition(input: SyncDefinitionInput): Promise<SaveDefinitionResult>;
  listDefinitions(workspaceId: string): SyncDefinition[] | Promise<SyncDefinition[]>;
  setEnabled(syncId: string, enabled: boolean): Promise<unknown>;
  startRun(syncId: string, opts: { trigger: RunTrigger; mode?: 'full' | 'incremental' | 'retry_failed' }): Promise<StartRunResult>;
  runSegmentOnce(workspaceId: string, segmentId: string, trigger: RunTrigger): Promise<StartRunResult>;
  dryRun(input: SyncDefinitionInput): Promise<{ counts: OutcomeCounts; samples: DryRunSample[]; scanned: number }>;
  getRun(runId: string): SyncRun | undefined | Promise<SyncRun | undefined>;
  listRuns(syncId: string): SyncRun[] | Promise<SyncRun[]>;
  currentRun(syncId: string): SyncRun | undefined | null | Promise<SyncRun | undefined | null>;
  cancelRun(syncId: string): Promise<unknown>;
  enrolContact(workspaceId: string, contactId: string): Promise<ContactOutcome>;
  refreshContact(workspaceId: string, contactId: string): Promise<{ referrer: Referrer | null; written: string[] | Record<string, unknown> }>;
}

export type SyncDefinitionInput = Omit<SyncDefinition, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };
export type SaveDefinitionResult =
  | { ok: true; definition: SyncDefinition }
  | { ok: false; errors: { field: string; message: string }[] };
export type StartRunResult = { started: true; run: SyncRun } | { started: false; reason: string; run?: SyncRun };

export interface InboxEnv {
  store: Store;
  clock: Clock;
  sync: InboxSyncApi;
  intercomFor(workspaceId: string): ContactSource | Promise<ContactSource>;
  referralFactoryFor(workspaceId: string): ReferralDirectory | Promise<ReferralDirectory>;
  /** The signed, single-use page where an app admin enters the RF API key. */
  rfSetupUrl(workspaceId: string, adminId: string): string | Promise<string>;
}

/** The contact as the canvas request carries it (the REST Contact model, trimmed). */
export interface RequestContact {
  id: string;
  email: string | null;
  customAttributes: Record<string, unknown>;
}

export interface InboxRequest {
  workspaceId: string;
  adminId: string;
  contact: RequestContact | undefined;
  componentId: string | undefined;
  inputValues: Readonly<Record<string, unknown>>;
  storedData: unknown;
}

/** One submit handler of a table: the next canvas, and whether the flow ended there. */
export type InboxResult = { canvas: CanvasObject; completed?: boolean };
export type InboxHandler = (req: InboxRequest, env: InboxEnv) => Promise<InboxResult>;

export const installationOf = (env: InboxEnv, workspaceId: string): Installation | undefined =>
  env.store.read().installations[workspaceId];

export const isAppAdmin = (inst: Installation | undefined, adminId: string): boolean =>
  inst?.appAdmins.includes(adminId) ?? false;

export const canSyncSegments = (inst: Installation | undefined, adminId: string): boolean =>
  isAppAdmin(inst, adminId) || (inst?.settings.teammatesCanSyncSegments ?? false);

export async function definitionOf(env: InboxEnv, workspaceId: string): Promise<SyncDefinition | undefined> {
  const defs = await env.sync.listDefinitions(workspaceId);
  return defs[0];
}
