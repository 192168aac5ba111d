import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { checkSetupLink, connectWithKey, type SetupRefusal } from '../install/connect-rf.js';
import { readCookie, setCookie } from './cookies.js';
import { CONNECTED_BUTTON } from '../../canvas/app-screens.js';
import { html, messagePage, sendPage } from './pages.js';

// The Referral Factory setup page: an app admin enters the API key here, never in a canvas.
// Cross-site posting is refused three ways: Origin / Sec-Fetch-Site must be ours, and the
// form's CSRF field must match a SameSite=Strict cookie set when the page was served.

const PATH = '/setup/referral-factory';
const COOKIE = 'rf_setup_csrf';
// The key is checked on its own (empty, only spaces): a refusal next to the field, not a form refusal.
const PostBody = z.object({
  token: z.string().min(1).max(2000),
  csrf: z.string().regex(/^[0-9a-f]{32}$/),
  api_key: z.string().max(500),
});

/** Where RF shows the key (reference/referral-factory.md, "Where the key lives"). */
const WHERE_THE_KEY_IS = 'Campaign Settings › Integrations and API › API & Webhooks (Copy API Key)';

const REFUSALS: Record<SetupRefusal, { status: number; message: string }> = {
  link_invalid: { status: 400, message: 'This link is not valid. Open Connect Referral Factory in Intercom again to get a new one.' },
  link_expired: { status: 400, message: 'This link has expired (links last 10 minutes). Open Connect Referral Factory in Intercom again.' },
  link_used: { status: 400, message: 'This link was already used. Open Connect Referral Factory in Intercom again if you need to change the key.' },
  not_allowed: { status: 403, message: 'Only app admins of an installed workspace can connect Referral Factory.' },
  key_refused: { status: 400, message: `Referral Factory refused this API key. Check it in Referral Factory (${WHERE_THE_KEY_IS}) and try again.` },
  rf_unavailable: { status: 502, message: 'Referral Factory did not answer. Nothing was saved; try again in a moment.' },
};

const sameValue = (a: string, b: string | undefined) =>
  b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A refusal of what was typed shows under the field; others above the form. */
type FormError = { status: number; message: string; field?: boolean };

function formPage(res: Response, deps: AppDeps, token: string, error?: FormError): void {
  const csrf = randomBytes(16).toString('hex');
  setCookie(res, COOKIE, csrf, { path: PATH, maxAgeSeconds: 600, sameSite: 'Strict', secure: deps.config.publicBaseUrl.startsWith('https:') });
  const fieldError = error?.field ? html`<p class="error" id="api_key_error">${error.message}</p>` : html``;
  sendPage(res, error?.status ?? 200, 'Connect Referral Factory', html`<h1>Connect Referral Factory</h1>
${error && !error.field ? html`<p class="error">${error.message}</p>` : html``}
<p>Enter your Referral Factory API key. It is stored encrypted and never shown again.</p>
<p>Find it in Referral Factory under ${WHERE_THE_KEY_IS}.</p>
<form method="post" action="${PATH}" autocomplete="off">
<input type="hidden" name="token" value="${token}"><input type="hidden" name="csrf" value="${csrf}">
<label for="api_key">API key</label><input type="password" id="api_key" name="api_key" required maxlength="500"${error?.field ? html` aria-invalid="true" aria-describedby="api_key_error"` : html``}>
${fieldError}<button type="submit">Connect</button></form>`);
}

/** A body the form parser refused (too large, malformed, another charset): a page, like every other answer here. */
const BODY_REFUSALS: Record<number, string> = {
  413: 'The form was too large: an API key is at most 500 characters. Nothing was saved. Go back and try again.',
  415: 'The form was sent in a format this page does not read. Nothing was saved. Go back and try again.',
};

export function setupRoutes(deps: AppDeps, limit: RequestHandler): Router {
  const router = Router();
  const origin = new URL(deps.config.publicBaseUrl).origin;
  const refuse = (res: Response, r: SetupRefusal) => messagePage(res, REFUSALS[r].status, 'Connect Referral Factory', REFUSALS[r].message);

  router.get(PATH, limit, async (req: Request, res: Response) => {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    const link = await checkSetupLink(deps, token);
    if (!link.ok) return refuse(res, link.reason);
    formPage(res, deps, token!);
  });

  router.post(PATH, limit, express.urlencoded({ extended: false, limit: '8kb' }), async (req: Request, res: Response) => {
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
    const apiKey = body.data.api_key.trim();
    if (apiKey === '') {
      // Nothing to check with RF and nothing spent: the same link takes the key.
      const link = await checkSetupLink(deps, body.data.token);
      if (!link.ok) return refuse(res, link.reason);
      return formPage(res, deps, body.data.token, { status: 400, message: 'Enter the API key: the field was empty.', field: true });
    }
    const outcome = await connectWithKey(deps, body.data.token, apiKey);
    if (!outcome.ok && (outcome.reason === 'key_refused' || outcome.reason === 'rf_unavailable')) {
      return formPage(res, deps, body.data.token, { ...REFUSALS[outcome.reason], field: outcome.reason === 'key_refused' });
    }
    if (!outcome.ok) return refuse(res, outcome.reason);
    messagePage(res, 200, 'Referral Factory connected', `Connected. Go back to Intercom and press “${CONNECTED_BUTTON}” in the app.`, 'ok');
  });

  const bodyRefused: ErrorRequestHandler = (err: { status?: number; type?: string }, req, res, next) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : undefined;
    if (!status || req.path !== PATH) return next(err);
    deps.logger.warn({ path: req.path, status, type: err.type ?? null }, 'setup form refused');
    messagePage(res, status, 'Connect Referral Factory', BODY_REFUSALS[status] ?? 'The form could not be read. Nothing was saved. Go back and try again.');
  };
  router.use(bodyRefused);

  return router;
}
