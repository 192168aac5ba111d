import { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { type InstallFailure, STATE_COOKIE, completeInstall, startInstall } from '../install/oauth-install.js';
import { toAppError } from '../shared/errors.js';
import { readCookie, setCookie } from './cookies.js';
import { messagePage } from './pages.js';

// GET /install → Intercom's authorize page; GET /oauth/callback → install, then a plain page.

const CallbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(2000).optional(),
  error: z.string().max(200).optional(),
});

const AGAIN = 'Start the installation again';
const FAILURES: Record<InstallFailure, { status: number; message: string }> = {
  denied: { status: 400, message: 'The installation was cancelled in Intercom. Nothing was installed.' },
  state_invalid: { status: 400, message: `This install link is not valid. ${AGAIN}.` },
  state_expired: { status: 400, message: `This install link has expired (links last 10 minutes). ${AGAIN}.` },
  state_used: { status: 400, message: `This install link was already used. ${AGAIN}.` },
  other_browser: {
    status: 400,
    message: `This installation was started in another browser, or this browser did not keep the app's install cookie. Nothing was installed. ${AGAIN} from this browser.`,
  },
  code_refused: { status: 400, message: `Intercom refused the authorization code. ${AGAIN}.` },
  intercom_failed: { status: 502, message: 'Intercom did not complete the installation. Nothing was installed; try again in a moment.' },
  not_saved: { status: 503, message: 'Intercom authorized the app, but the installation could not be saved. Nothing was installed; try again in a moment.' },
};

export function installRoutes(deps: AppDeps, limit: RequestHandler): Router {
  const router = Router();
  const secure = deps.config.publicBaseUrl.startsWith('https:');
  const cookie = (res: Response, value: string, maxAgeSeconds: number) =>
    setCookie(res, STATE_COOKIE.name, value, { path: STATE_COOKIE.path, maxAgeSeconds, sameSite: 'Lax', secure });
  const privateMode = (res: Response) =>
    messagePage(res, 404, 'Private app', 'This app runs in private-app mode with its own Intercom access token: there is nothing to install here.');

  router.get('/install', limit, (_req: Request, res: Response) => {
    const clientId = deps.config.intercom.clientId;
    if (deps.privateApp || !clientId) return privateMode(res);
    const redirectUri = `${deps.config.publicBaseUrl}/oauth/callback`;
    const start = startInstall({ oauthUrl: deps.config.intercom.oauthUrl, clientId, redirectUri }, deps.tokens, deps.config.appSigningSecret);
    // Lax, not Strict: the callback is a top-level navigation coming from Intercom's site.
    cookie(res, start.binding, STATE_COOKIE.maxAgeSeconds);
    res.set('cache-control', 'no-store').redirect(302, start.url);
  });

  router.get('/oauth/callback', limit, async (req: Request, res: Response) => {
    if (deps.privateApp) return privateMode(res);
    cookie(res, '', 0); // one callback per install, whatever its outcome
    const query = CallbackQuery.safeParse(req.query);
    const outcome = query.success
      ? await completeInstall({ ...query.data, binding: readCookie(req, STATE_COOKIE.name) }, {
        tokens: deps.tokens, auth: deps.intercomAuth, installations: deps.installations, signingSecret: deps.config.appSigningSecret,
      })
      : ({ ok: false, reason: 'state_invalid' } as const);
    if (!outcome.ok) {
      if (outcome.reason === 'not_saved') deps.logger.error({ reason: outcome.reason, code: toAppError(outcome.error).code }, 'install not saved');
      else deps.logger.warn({ reason: outcome.reason }, 'install refused');
      const f = FAILURES[outcome.reason];
      return messagePage(res, f.status, 'Installation failed', f.message);
    }
    deps.logger.info({ workspaceId: outcome.installation.workspaceId }, 'installed');
    messagePage(res, 200, 'Installed', 'Installed — go back to Intercom and open the app in a conversation.', 'ok');
  });

  return router;
}
