import type { NextFunction, Request, Response } from 'express';
import { sendError } from './errors.js';
import { nowSeconds, type SandboxContext } from './context.js';
import { scopesFor } from './scopes.js';

const MESSAGES: Record<number, [string, string]> = {
  // https://developers.intercom.com/docs/references/rest-api/errors/error-codes
  403: ['api_plan_restricted', "The API or feature is not available on this App's Plan or workspace"],
  500: ['server_error', 'Internal server error'],
  502: ['server_error', 'Bad gateway'],
  503: ['service_unavailable', 'Service unavailable'],
};

/** Route label for stats: ids replaced by placeholders. */
export const routeLabel = (req: Request): string =>
  `${req.method} ${req.path.replace(/\/contacts\/(?!search)[^/]+/, '/contacts/{id}').replace(/\/segments\/[^/]+/, '/segments/{id}').replace(/\/conversations\/[^/]+/, '/conversations/{id}').replace(/\/companies\/[^/]+/, '/companies/{id}')}`;

/**
 * Latency, bearer auth, the 10-second rate window and injected faults, in Intercom's order:
 * unauthenticated requests get a 401 without rate-limit headers; every authenticated response
 * carries X-RateLimit-Limit/Remaining/Reset. https://developers.intercom.com/docs/references/rest-api/errors/rate-limiting
 */
export const apiGate = (ctx: SandboxContext) => async (req: Request, res: Response, next: NextFunction) => {
  ctx.stats.requests += 1;
  const label = routeLabel(req);
  ctx.stats.byRoute[label] = (ctx.stats.byRoute[label] ?? 0) + 1;
  if (ctx.latencyMs > 0) await new Promise((r) => setTimeout(r, ctx.latencyMs));
  const token = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
  const grant = token ? ctx.tokens.get(token) : undefined;
  // Unknown and revoked tokens alike: which code a revoked token gets is not documented.
  if (!token || !grant) return sendError(res, 401, 'unauthorized', 'Access Token Invalid');
  if (ctx.rateLimitPerWindow > 0 && !withinWindow(ctx, token, res)) {
    ctx.stats.rateLimited += 1;
    return sendError(res, 429, 'rate_limit_exceeded', rateLimitMessage(ctx));
  }
  const needed = scopesFor(req.method, req.path);
  if (grant.scopes && needed.length > 0 && !needed.some((s) => grant.scopes?.has(s))) {
    return sendError(res, 401, 'token_unauthorized', 'Not authorized to access resource');
  }
  const fault = takeFault(ctx, req);
  if (fault) {
    ctx.stats.faultsInjected += 1;
    if (fault === 429) {
      ctx.stats.rateLimited += 1;
      res.set('X-RateLimit-Remaining', '0');
      return sendError(res, 429, 'rate_limit_exceeded', rateLimitMessage(ctx));
    }
    const [code, message] = MESSAGES[fault] as [string, string];
    return sendError(res, fault, code, message);
  }
  res.locals.grant = grant;
  next();
};

// Worded like real 429s: "Exceeded rate limit of 83 in 10_seconds" (intercom/intercom-ruby #475).
const rateLimitMessage = (ctx: SandboxContext) => `Exceeded rate limit of ${ctx.rateLimitPerWindow || 1666} in ${ctx.windowSeconds}_seconds`;

function withinWindow(ctx: SandboxContext, token: string, res: Response): boolean {
  const now = nowSeconds(ctx);
  const start = now - (now % ctx.windowSeconds);
  let w = ctx.windows.get(token);
  if (!w || w.start !== start) {
    w = { start, used: 0 };
    ctx.windows.set(token, w);
  }
  const allowed = w.used < ctx.rateLimitPerWindow;
  if (allowed) w.used += 1;
  res.set('X-RateLimit-Limit', String(ctx.rateLimitPerWindow));
  res.set('X-RateLimit-Remaining', String(Math.max(0, ctx.rateLimitPerWindow - w.used)));
  res.set('X-RateLimit-Reset', String(start + ctx.windowSeconds));
  return allowed;
}

function takeFault(ctx: SandboxContext, req: Request): number | undefined {
  const f = ctx.faults.find((x) => {
    if (x.remaining <= 0) return false;
    const [a, b] = (x.match ?? '').trim().split(/\s+/, 2);
    const method = b !== undefined ? a?.toUpperCase() : undefined;
    const prefix = b !== undefined ? b : a;
    return (!method || method === req.method) && (!prefix || req.path.startsWith(prefix));
  });
  if (!f) return undefined;
  f.remaining -= 1;
  ctx.faults = ctx.faults.filter((x) => x.remaining > 0);
  return f.status;
}
