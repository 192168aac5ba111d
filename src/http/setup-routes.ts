import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { checkSetupLink, connectWithKey, type SetupRefusal } from '../install/connect-rf.js';
import { html, messagePage, sendPage } from './pages.js';

// The Referral Factory setup page: an app admin enters the API key here, never in a canvas.
// Cross-site posting is refused three ways: Origin / Sec-Fetch-Site must be ours, and the
// form's CSRF field must match a SameSite=Strict cookie set when the page was served.

const PATH = '/setup/referral-factory';
const COOKIE = 'rf_setup_csrf';
const PostBody = z.object({
  token: z.string().min(1).max(2000),
  csrf: z.string().regex(/^[0-9a-f]{32}$/),
  api_key: z.string().trim().min(1).max(500),
});

const REFUSALS: Record<SetupRefusal, { status: number; message: string }> = {
  link_invalid: { status: 400, message: 'This link is not valid. Open Connect Referral Factory in Intercom again to get a new one.' },
  link_expired: { status: 400, message: 'This link has expired (links last 10 minutes). Open Connect Referral Factory in Intercom again.' },
  link_used: { status: 400, message: 'This link was already used. Open Connect Referral Factory in Intercom again if you need to change the key.' },
  not_allowed: { status: 403, message: 'Only app admins of an installed workspace can connect Referral Factory.' },
  key_refused: { status: 400, message: 'Referral Factory refused this API key. Check it in Referral Factory (Settings › API) and try again.' },
  rf_unavailable: { status: 502, message: 'Referral Factory did not answer. Nothing was saved; try again in a moment.' },
};

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const sameValue = (a: string, b: string | undefined) =>
  b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function formPage(res: Response, deps: AppDeps, token: string, error?: { status: number; message: string }): void {
  const csrf = randomBytes(16).toString('hex');
  const secure = deps.config.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
  res.append('set-cookie', `${COOKIE}=${csrf}; Path=${PATH}; Max-Age=600; HttpOnly; SameSite=Strict${secure}`);
  sendPage(res, error?.status ?? 200, 'Connect Referral Factory', html`<h1>Connect Referral Factory</h1>
${error ? html`<p class="error">${error.message}</p>` : html``}
<p>Enter your Referral Factory API key. It is stored encrypted and never shown again.</p>
<form method="post" action="${PATH}" autocomplete="off">
<input type="hidden" name="token" value="${token}"><input type="hidden" name="csrf" value="${csrf}">
<label for="api_key">API key</label><input type="password" id="api_key" name="api_key" required maxlength="500">
<button type="submit">Connect</button></form>`);
}

export function setupRoutes(deps: AppDeps): Router {
  const router = Router();
  const origin = new URL(deps.config.publicBaseUrl).origin;
  const refuse = (res: Response, r: SetupRefusal) => messagePage(res, REFUSALS[r].status, 'Connect Referral Factory', REFUSALS[r].message);

  router.get(PATH, async (req: Request, res: Response) => {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    const link = await checkSetupLink(deps, token);
    if (!link.ok) return refuse(res, link.reason);
    formPage(res, deps, token!);
  });

  router.post(PATH, express.urlencoded({ extended: false, limit: '8kb' }), async (req: Request, res: Response) => {
    const site = req.get('sec-fetch-site');
    const from = req.get('origin');
    if ((site && site !== 'same-origin') || (from && from !== origin)) {
      deps.logger.warn({ site: site ?? null }, 'cross-site post to the setup page refused');
      return messagePage(res, 403, 'Connect Referral Factory', 'Refused: this form can only be sent from this page.');
    }
    const body = PostBody.safeParse(req.body);
    if (!body.success || !sameValue(body.data.csrf, readCookie(req, COOKIE))) {
      return messagePage(res, 403, 'Connect Referral Factory', 'Refused: the form expired or did not come from this page. Open the link from Intercom again.');
    }
    const outcome = await connectWithKey(deps, body.data.token, body.data.api_key);
    if (!outcome.ok && (outcome.reason === 'key_refused' || outcome.reason === 'rf_unavailable')) {
      return formPage(res, deps, body.data.token, REFUSALS[outcome.reason]);
    }
    if (!outcome.ok) return refuse(res, outcome.reason);
    messagePage(res, 200, 'Referral Factory connected', 'Connected. Go back to Intercom and press Refresh.', 'ok');
  });

  return router;
}
