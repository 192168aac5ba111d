import express from 'express';
import { listen } from '../shared/listen.js';
import type { InboxSimulatorOptions } from './options.js';
import { loadPageAssets, type PageAssets } from './page-assets.js';
import { inboxRoutes } from './routes.js';
import { resolveSetup } from './setup.js';
import { createWorkspaceApi } from './workspace-api.js';

export type { InboxSimulatorOptions, ReferralActivity } from './options.js';
export type { CanvasCallResult, SimulatorSetup, Teammate, Verdict } from './wire.js';
export { signBody } from './app-caller.js';

/**
 * An Express router serving the inbox simulator (page + JSON API); mount it anywhere, e.g.
 * `app.use('/inbox', createInboxRouter(opts))`. The page script is compiled on first request
 * unless already-built assets are passed.
 */
export function createInboxRouter(options: InboxSimulatorOptions, assets?: PageAssets): express.Router {
  const api = createWorkspaceApi(options.intercom);
  const built = assets ? Promise.resolve(assets) : undefined;
  return inboxRoutes({
    options,
    api,
    setup: once(() => resolveSetup(api, { appBaseUrl: options.appBaseUrl, teammates: options.teammates })),
    assets: built ? () => built : once(loadPageAssets),
  });
}

export interface InboxSimulator {
  /** The page, e.g. http://127.0.0.1:PORT/inbox/ */
  url: string;
  close(): Promise<void>;
}

/** Starts the simulator on its own server; the page script is compiled before it listens. */
export async function startInboxSimulator(
  options: InboxSimulatorOptions & { host?: string; port?: number },
): Promise<InboxSimulator> {
  const app = express();
  app.use('/inbox', createInboxRouter(options, await loadPageAssets()));
  app.get('/', (_req, res) => res.redirect(302, '/inbox/'));
  const { url, close } = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  return { url: `${url}/inbox/`, close };
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= fn().catch((err: unknown) => {
      pending = undefined; // try again next time: the stand-in may not have been up yet
      throw err;
    });
    return pending;
  };
}
