import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { nowMs, type SandboxContext } from './context.js';
import { sendError } from './errors.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font:15px system-ui;max-width:460px;margin:60px auto;color:#222}button{font:inherit;padding:8px 16px;margin-right:8px}select{font:inherit;padding:6px}</style></head><body>${body}</body></html>`;
const AuthorizeQuery = z.object({ client_id: z.string(), state: z.string().optional(), redirect_uri: z.string().url().optional() });
const CODE_TTL_MS = 10 * 60_000;

/**
 * Intercom's authorize step and token exchange, played locally.
 * https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth
 */
export function oauthRouter(ctx: SandboxContext, defaultRedirect: () => string | undefined): Router {
  const r = express.Router();
  r.get('/oauth', (req, res) => {
    const q = AuthorizeQuery.safeParse(req.query);
    if (!q.success || q.data.client_id !== ctx.clientId) {
      return void res.status(400).type('html').send(page('Unknown app', '<h1>Unknown app</h1><p>No app with this client_id is registered.</p>'));
    }
    const redirect = q.data.redirect_uri ?? defaultRedirect();
    if (!redirect) return void res.status(400).type('html').send(page('No redirect', '<h1>No redirect URL</h1>'));
    const hidden = (n: string, v: string) => `<input type="hidden" name="${n}" value="${esc(v)}">`;
    const admins = ctx.ws.admins.map((a) => `<option value="${esc(a.id)}">${esc(a.name)} (${esc(a.email)})</option>`).join('');
    res.type('html').send(page('Install app', `<h1>Install the app on ${esc(ctx.ws.name)}</h1>
<p>Intercom sandbox: the app asks to read and write contacts and data attributes.</p>
<form method="post" action="/oauth/authorize">${hidden('client_id', q.data.client_id)}${hidden('state', q.data.state ?? '')}${hidden('redirect_uri', redirect)}
<p><label>Install as <select name="admin_id">${admins}</select></label></p>
<button name="decision" value="allow" id="authorize">Authorize access</button><button name="decision" value="deny" id="cancel">Cancel</button></form>`));
  });
  r.post('/oauth/authorize', express.urlencoded({ extended: false }), (req, res) => {
    const body = req.body as Record<string, string>;
    if (body.client_id !== ctx.clientId || !body.redirect_uri) return void res.status(400).type('html').send(page('Bad request', '<h1>Bad request</h1>'));
    const target = new URL(body.redirect_uri);
    if (body.state) target.searchParams.set('state', body.state);
    if (body.decision !== 'allow') {
      target.searchParams.set('error', 'access_denied');
      return void res.redirect(302, target.toString());
    }
    const adminId = ctx.ws.admins.some((a) => a.id === body.admin_id) ? (body.admin_id as string) : (ctx.ws.admins[0]?.id as string);
    // Real codes may end in "=": keep them intact (intercom-api.md §7).
    const code = randomBytes(16).toString('base64');
    ctx.codes.set(code, { grant: { workspaceId: ctx.ws.id, adminId }, expiresAt: nowMs(ctx) + CODE_TTL_MS, redirectUri: body.redirect_uri });
    target.searchParams.set('code', code);
    res.redirect(302, target.toString());
  });
  r.post('/auth/eagle/token', express.urlencoded({ extended: false }), (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const entry = typeof body.code === 'string' ? ctx.codes.get(body.code) : undefined;
    if (body.client_id !== ctx.clientId || body.client_secret !== ctx.clientSecret) return sendError(res, 401, 'unauthorized', 'Unauthorized Client');
    if (!entry || entry.expiresAt < nowMs(ctx)) return sendError(res, 401, 'unauthorized', 'Unauthorized Code');
    ctx.codes.delete(body.code as string);
    const token = `dG9rOjB${randomBytes(24).toString('base64url')}`;
    ctx.tokens.set(token, entry.grant);
    res.json({ token_type: 'Bearer', token, access_token: token });
  });
  return r;
}
