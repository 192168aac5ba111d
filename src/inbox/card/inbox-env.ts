import type { CanvasObject } from '../../../canvas/index.js';
import type { Installations } from '../../install/installations.js';
import type { Installation } from '../../install/installation.js';
import { type SyncDefinition, isWizardDefinition } from '../../sync/definition.js';
import type { Clock, ContactSource, ConversationReplies, ReferralDirectory } from '../../sync/ports.js';
import type { SyncService } from '../../sync/sync-service.js';

// What the inbox screens need from the app, narrowed to what they use. The composition root
// fills it from AppDeps and the sync service; tests get the real thing wired to the sandboxes.

/** The engine's API as the inbox uses it. */
export type InboxSyncApi = Pick<SyncService,
  'saveDefinition' | 'listDefinitions' | 'setEnabled' | 'startRun' | 'runSegmentOnce' | 'dryRun' | 'getRun' | 'listRuns' |
  'currentRun' | 'cancelRun' | 'enrolContact' | 'refreshContact' | 'getState' | 'planNextRun'>;

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

/** The workspace's sync made in the wizard (not a teammate's segment sync or a CLI run). */
export async function definitionOf(env: InboxEnv, workspaceId: string): Promise<SyncDefinition | undefined> {
  const defs = (await env.sync.listDefinitions(workspaceId)).filter(isWizardDefinition);
  return defs.sort((a, b) => b.updatedAt - a.updatedAt)[0];
}
