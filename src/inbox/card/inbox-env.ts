import type { CanvasObject } from '../../../canvas/index.js';
import type { Installations } from '../../install/installations.js';
import type { Installation } from '../../install/installation.js';
import type { Teammate } from '../../install/workspace-admins.js';
import { wizardDefinitionsOf } from '../../sync/contact-actions.js';
import type { SyncDefinition } from '../../sync/definition.js';
import type { Clock, ContactSource, ConversationReplies, ReferralDirectory } from '../../sync/ports.js';
import type { SyncService } from '../../sync/sync-service.js';

// What the inbox screens need from the app, narrowed to what they use. The composition root
// fills it from AppDeps and the sync service; tests get the real thing wired to the sandboxes.

/** The engine's API as the inbox uses it. */
export type InboxSyncApi = Pick<SyncService,
  'saveDefinition' | 'listDefinitions' | 'setEnabled' | 'startRun' | 'runSegmentOnce' | 'dryRun' | 'getRun' | 'listRuns' |
  'currentRun' | 'getDefinition' | 'cancelRun' | 'enrolContact' | 'refreshContact' | 'getState' | 'planNextRun'>;

export interface InboxEnv {
  installations: Pick<Installations, 'get' | 'record'>;
  clock: Clock;
  sync: InboxSyncApi;
  intercomFor(workspaceId: string): ContactSource | Promise<ContactSource>;
  /** Intercom conversations of the workspace, with the installation's token. */
  conversationsFor(workspaceId: string): ConversationReplies | Promise<ConversationReplies>;
  referralFactoryFor(workspaceId: string): ReferralDirectory | Promise<ReferralDirectory>;
  /** The signed, single-use page where an app admin enters the RF API key. */
  rfSetupUrl(workspaceId: string, adminId: string): string | Promise<string>;
  /** A signed, short-lived page of this app with a run's failed and skipped contacts and their CSV (read-only). */
  runErrorsUrl(workspaceId: string, runId: string, adminId: string): string | Promise<string>;
  /** The workspace's Intercom admins (GET /admins): the app admins named on a teammate's card. Absent: not named. */
  teammatesOf?(workspaceId: string): Promise<Teammate[]>;
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
  /** The conversation the panel is open next to, when Intercom sends one. */
  conversationId?: string | undefined;
  componentId: string | undefined;
  inputValues: Readonly<Record<string, unknown>>;
  storedData: unknown;
}

/**
 * One submit handler of a table: the next canvas, whether the flow ended there, and the failure
 * it turned into that screen, if any (the HTTP layer logs it with its code).
 */
export type InboxResult = { canvas: CanvasObject; completed?: boolean; failure?: unknown };
export type InboxHandler = (req: InboxRequest, env: InboxEnv) => Promise<InboxResult>;

export const installationOf = async (env: InboxEnv, workspaceId: string): Promise<Installation | undefined> =>
  (await env.installations.get(workspaceId)) ?? undefined;

export const isAppAdmin = (inst: Installation | undefined, adminId: string): boolean =>
  inst?.appAdmins.includes(adminId) ?? false;

export const canSyncSegments = (inst: Installation | undefined, adminId: string): boolean =>
  isAppAdmin(inst, adminId) || (inst?.settings.teammatesCanSyncSegments ?? false);

/** Most syncs a workspace can have (the sync list and the teammate's campaign choice show them all on one screen). */
export const MAX_SYNCS = 10;

/** The workspace's syncs made in the wizard (not teammates' segment syncs or CLI runs), first made first. */
export const wizardDefinitions = async (env: InboxEnv, workspaceId: string): Promise<SyncDefinition[]> =>
  wizardDefinitionsOf(await env.sync.listDefinitions(workspaceId));

/** The workspace's first sync: the one the card shows and "Add as referrer" enrols into. */
export async function definitionOf(env: InboxEnv, workspaceId: string): Promise<SyncDefinition | undefined> {
  return (await wizardDefinitions(env, workspaceId))[0];
}

/** One of the workspace's syncs by id (from stored_data, so maybe forged): undefined unless it is this workspace's. */
export async function syncOf(env: InboxEnv, workspaceId: string, syncId: string | undefined): Promise<SyncDefinition | undefined> {
  if (!syncId) return undefined;
  return (await wizardDefinitions(env, workspaceId)).find((d) => d.id === syncId);
}

/** "Customer Referral Program", or the campaign's id when its name is unknown. */
export const campaignLabel = (d: Pick<SyncDefinition, 'campaignName' | 'campaignId'>): string => d.campaignName ?? `Campaign ${d.campaignId}`;
