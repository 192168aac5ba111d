import express from 'express';
import type { Request, Response, Router } from 'express';
import { matchRoute } from './api-routes.js';
import type { ApiRequest, SandboxContext } from './context.js';
import { errorBody } from './wire.js';
import type { RfErrorBody } from './wire.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The `/api/v2` router. Order, as a Laravel app runs it: route match (404/405) → Accept (406) →
 * Bearer key (401) → blocked key (403) → rate limit (429) → JSON body (400) → injected fault →
 * handler. Every request is counted in stats; latency delays every answer. No rate-limit headers:
 * RF documents none, so clients must pace themselves.
 */
export function apiRouter(ctx: SandboxContext): Router {
  const router = express.Router();
  router.use(express.text({ type: () => true, limit: '1mb' }));
  router.use(async (req: Request, res: Response) => {
    const send = (status: number, body: RfErrorBody | unknown) => {
      res.status(status).json(body);
    };
    let match;
    try {
      match = matchRoute(req.method, req.path);
    } catch {
      match = { kind: 'not_found' as const, key: `${req.method} (unknown route)` };
    }
    ctx.counters.hit(match.key);
    if (ctx.latencyMs > 0) await sleep(ctx.latencyMs);
    if (match.kind === 'not_found') return send(404, errorBody(404, 'Not Found'));
    if (match.kind === 'method_not_allowed') return send(405, errorBody(405, `The ${req.method} method is not supported for this route.`));
    if (!req.accepts('application/json')) return send(406, errorBody(406, 'Only JSON responses are available: send Accept: application/json.'));
    const key = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (!key || !ctx.apiKeys.includes(key)) return send(401, errorBody(401, 'Unauthenticated.'));
    const decision = ctx.limiter.check(key);
    ctx.calls.record(key, ctx.now(), decision);
    if (decision === 'blocked') return send(403, errorBody(403, 'Access blocked: this API key exceeded the rate limit too many times.'));
    if (decision === 'limited') return send(429, errorBody(429, 'Too Many Attempts.'));
    const body = parseBody(req.body);
    if (body === undefined) return send(400, errorBody(400, 'The request body must be a JSON object.'));
    const fault = ctx.faults.take(req.method, req.path);
    if (fault) {
      if (fault.status === 429) ctx.counters.injected429 += 1;
      return send(fault.status, errorBody(fault.status, fault.message));
    }
    const result = match.handler(ctx, toApiRequest(ctx, req, body, match.identifier));
    send(result.status, result.body);
  });
  return router;
}

/** Empty body → {}; anything but a JSON object → undefined (400). */
function parseBody(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function toApiRequest(ctx: SandboxContext, req: Request, body: Record<string, unknown>, identifier: string | undefined): ApiRequest {
  const query: Record<string, string> = {};
  const search = new URL(req.originalUrl, 'http://x').searchParams;
  for (const [k, v] of search) query[k] = v;
  const path = `${ctx.publicUrl}${req.baseUrl}${req.path}`;
  return {
    method: req.method,
    params: identifier === undefined ? {} : { identifier },
    query,
    body,
    ip: req.ip ?? '127.0.0.1',
    path,
    pageUrl: (n) => {
      const q = new URLSearchParams(search);
      q.set('page', String(n));
      return `${path}?${q.toString()}`;
    },
  };
}
