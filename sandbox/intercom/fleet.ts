import express, { type Request, type Response } from 'express';
import { listen } from '../shared/listen.js';
import { sendError } from './errors.js';
import { createIntercomSandboxApp, type IntercomSandboxOptions } from './index.js';
import type { IntercomControl } from './control.js';

/**
 * Many workspaces behind one base URL, as api.intercom.io serves every workspace and tells them
 * apart by the access token. Each workspace is a whole stand-in of its own (its contacts, its rate
 * window per app, its clock); a request goes to the workspace its bearer token belongs to.
 * For tests and benchmarks of many installations at once (an app has one INTERCOM_API_BASE_URL).
 * Control goes through each workspace's `control` (in-process); `/_sandbox` is not served here.
 */
export interface IntercomFleet {
  url: string;
  workspaces: Array<{ workspaceId: string; accessToken: string; control: IntercomControl }>;
  close(): Promise<void>;
}

export async function startIntercomFleet(opts: { workspaces: IntercomSandboxOptions[]; host?: string; port?: number }): Promise<IntercomFleet> {
  const members = opts.workspaces.map((o) => createIntercomSandboxApp(o));
  const byToken = new Map(members.map((m) => [m.accessToken, m.app]));
  const front = express();
  front.disable('x-powered-by');
  front.use((req: Request, res: Response, next) => {
    const token = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    const app = token ? byToken.get(token) : undefined;
    if (!app) return sendError(res, 401, 'unauthorized', 'Access Token Invalid');
    app(req, res, next);
  });
  const { url, close } = await listen(front, opts.host ?? '127.0.0.1', opts.port ?? 0);
  return { url, workspaces: members.map((m) => ({ workspaceId: m.workspaceId, accessToken: m.accessToken, control: m.control })), close };
}
