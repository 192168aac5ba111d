import type { InboxEnv, InboxRequest, InboxResult } from './card/inbox-env.js';
import type { Installations } from '../install/installations.js';
import type { Teammate } from '../install/workspace-admins.js';
import type { RfEventKind } from '../sync/rf-events.js';

/** The inbox env plus what the app core's screens need (installations, install link). */
export interface AppEnv extends InboxEnv {
  installations: Installations;
  installUrl: string;
  privateApp: boolean;
  /** Private-app mode: the token's workspace (the one the app belongs to), else undefined. */
  privateWorkspaceId(): Promise<string | undefined>;
  teammatesOf(workspaceId: string): Promise<Teammate[]>;
  rfWebhookPageUrl(workspaceId: string, adminId: string): string;
  rfEventsLast(workspaceId: string): Promise<Record<RfEventKind, number | null>>;
}

export type AppHandler = (req: InboxRequest, env: AppEnv) => Promise<InboxResult>;
