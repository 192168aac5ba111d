import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { type InstallFailure, authorizeUrl, completeInstall } from '../install/oauth-install.js';
import { messagePage } from './pages.js';

// GET /install → Intercom's authorize page; GET /oauth/callback → install, then a plain page.

const CallbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(2000).optional(),
  error: z.string().max(200).optional(),
});

const FAILURES: Record<InstallFailure, { status: number; message: string }> = {
  denied: { status: 400, message: 'The installation was cancelled in Intercom. Nothing was installed.' },
  state_invalid: { status: 400, message: 'This install link is not valid. Start the installation again.' },
  state_expired: { status: 400, message: 'This install link has expired (links last 10 minutes). Start the installation again.' },
  state_used: { status: 400, message: 'This install link was already used. Start the installation again.' },
  code_refused: { status: 400, message: 'Intercom refused the authorization code. Start the installation again.' },
  intercom_failed: { status: 502, message: 'Intercom did not complete the installation. Nothing was installed; try again in a moment.' },
};

export function installRoutes(deps: AppDeps): Router {
  const router = Router();
  const privateMode = (res: Response) =>
    messagePage(res, 404, 'Private app', 'This app runs in private-app mode with its own Intercom access token: there is nothing to install here.');

  router.get('/install', (_req: Request, res: Response) => {
    const clientId = deps.config.intercom.clientId;
    if (deps.privateApp || !clientId) return privateMode(res);
    const url = authorizeUrl({ oauthUrl: deps.config.intercom.oauthUrl, clientId, redirectUri: `${deps.config.publicBaseUrl}/oauth/callback` }, deps.tokens);
    res.redirect(302, url);
  });

  router.get('/oauth/callback', async (req: Request, res: Response) => {
    if (deps.privateApp) return privateMode(res);
    const query = CallbackQuery.safeParse(req.query);
    const outcome = query.success
      ? await completeInstall(query.data, { tokens: deps.tokens, auth: deps.intercomAuth, installations: deps.installations })
      : ({ ok: false, reason: 'state_invalid' } as const);
    if (!outcome.ok) {
      deps.logger.warn({ reason: outcome.reason }, 'install refused');
      const f = FAILURES[outcome.reason];
      return messagePage(res, f.status, 'Installation failed', f.message);
    }
    deps.logger.info({ workspaceId: outcome.installation.workspaceId }, 'installed');
    messagePage(res, 200, 'Installed', 'Installed — go back to Intercom and open the app in a conversation.', 'ok');
  });

  return router;
}
