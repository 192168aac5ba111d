import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import { listen } from '../shared/listen.js';
import { BehaviourPatchSchema, DEFAULT_BEHAVIOUR, type BehaviourPatch } from './behaviour.js';
import { companiesRouter } from './companies.js';
import { contactsRouter } from './contacts-routes.js';
import { conversationsRouter } from './conversations.js';
import { emptyStats, type SandboxContext } from './context.js';
import { createControl, type IntercomControl } from './control.js';
import { controlRouter } from './control-routes.js';
import { ApiRefusal, sendError } from './errors.js';
import { apiGate } from './gate.js';
import type { Workspace } from './model.js';
import { oauthRouter } from './oauth-routes.js';
import { seedWorkspace, type SeedOptions } from './seed.js';
import { emptyWebhookState } from './webhooks.js';
import { workspaceRouter } from './workspace-routes.js';

export type { IntercomControl, NewContact } from './control.js';
export type { FaultSpec, IntercomStats, ServedPage } from './context.js';
export type { Behaviour, BehaviourPatch, SortSpec } from './behaviour.js';
export { SCOPES } from './scopes.js';

export interface IntercomSandboxOptions {
  seed?: SeedOptions;
  workspaceId?: string;
  workspaceName?: string;
  region?: 'US' | 'EU' | 'AU';
  /** Time zone of day-granular date search; default UTC. */
  timezone?: string;
  /** Per token per 10-second window; default 1666 (10,000/min); 0 = off. */
  rateLimitPerWindow?: number;
  /** Window length in seconds; default 10 (Intercom's). Tests scale it down. */
  rateWindowSeconds?: number;
  latencyMs?: number;
  clientId?: string;
  clientSecret?: string;
  /** What PUT /contacts answers for an unknown custom attribute (undocumented: intercom-api.md §1.5). */
  unknownAttribute?: { status: number; code: string };
  /** Switches over the defaults of behaviour.ts (hostile by default; see README.md). */
  behaviour?: BehaviourPatch;
  host?: string;
  port?: number;
  now?: () => number;
  /** How long a webhook delivery may take before it counts as failed; default 5000 (Intercom's 5 s). */
  webhookTimeoutMs?: number;
}

export interface IntercomSandbox {
  /** REST API base URL; the OAuth authorize page is `${url}/oauth`. */
  url: string;
  /** A valid token for the seeded workspace (as a private app would have). */
  accessToken: string;
  workspaceId: string;
  control: IntercomControl;
  close(): Promise<void>;
}

export interface IntercomSandboxApp {
  app: Express;
  control: IntercomControl;
  accessToken: string;
  workspaceId: string;
}

const ADMINS = [
  { id: '991267001', name: 'Ada Admin', email: 'ada@workspace.test', job_title: 'Head of Support' },
  { id: '991267002', name: 'Tom Teammate', email: 'tom@workspace.test' },
  { id: '991267003', name: 'Maya Manager', email: 'maya@workspace.test' },
];

export function createIntercomSandboxApp(opts: IntercomSandboxOptions = {}): IntercomSandboxApp {
  const baseNow = opts.now ?? Date.now;
  const ws: Workspace = {
    id: opts.workspaceId ?? 'ws_demo', name: opts.workspaceName ?? 'Demo Workspace', region: opts.region ?? 'US',
    timezone: opts.timezone ?? 'UTC', createdAt: Math.floor(baseNow() / 1000) - 500 * 86_400, contacts: [], byId: new Map(),
    attributes: [], segments: [], admins: ADMINS.map((a) => ({ ...a })), nextSeq: 1, nextAttributeId: 100, version: 0,
  };
  seedWorkspace(ws, opts.seed ?? {}, Math.floor(baseNow() / 1000));
  const ctx: SandboxContext = {
    ws, clientId: opts.clientId ?? 'sandbox-client-id', clientSecret: opts.clientSecret ?? 'sandbox-client-secret',
    tokens: new Map(), codes: new Map(), clockOffsetMs: 0, baseNow, rateLimitPerWindow: opts.rateLimitPerWindow ?? 1666, windowSeconds: opts.rateWindowSeconds ?? 10,
    windows: new Map(), latencyMs: opts.latencyMs ?? 0, faults: [], stats: emptyStats(),
    unknownAttribute: opts.unknownAttribute ?? { status: 400, code: 'parameter_not_found' },
    behaviour: { ...DEFAULT_BEHAVIOUR, ...BehaviourPatchSchema.parse(opts.behaviour ?? {}) }, pageListener: null,
    webhooks: emptyWebhookState(opts.webhookTimeoutMs),
  };
  const accessToken = `dG9rOjB${randomBytes(24).toString('base64url')}`;
  ctx.tokens.set(accessToken, { workspaceId: ws.id, adminId: ADMINS[0]!.id });
  const control = createControl(ctx);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/_sandbox', controlRouter(control));
  app.use(express.json({ limit: '1mb' }));
  app.use(oauthRouter(ctx, () => undefined));
  app.use(apiGate(ctx), contactsRouter(ctx), conversationsRouter(ctx), companiesRouter(ctx), workspaceRouter(ctx));
  app.use((_req: Request, res: Response) => sendError(res, 404, 'not_found', 'Resource Not Found'));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ApiRefusal) return sendError(res, err.status, err.code, err.message);
    if (err instanceof SyntaxError) return sendError(res, 400, 'parameter_invalid', 'The request body is not valid JSON');
    sendError(res, 500, 'server_error', 'Internal server error');
  });
  return { app, control, accessToken, workspaceId: ws.id };
}

export async function startIntercomSandbox(opts: IntercomSandboxOptions = {}): Promise<IntercomSandbox> {
  const { app, control, accessToken, workspaceId } = createIntercomSandboxApp(opts);
  const { url, close } = await listen(app, opts.host ?? '127.0.0.1', opts.port ?? 0);
  return { url, accessToken, workspaceId, control, close: async () => void (control.unregisterWebhook(), await close()) };
}
