import { randomUUID } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Store } from 'express-rate-limit';
import { workspaceRateLimit } from './rate-limits.js';
import type { AppDeps } from '../app-deps.js';
import { hintOf } from '../integrations/referral-factory/webhook-hint.js';
import { hintDetail } from '../sync/rf-events.js';

// Referral Factory's outbound webhooks (reference/referral-factory.md §3): unsigned, so the URL is
// the credential: `/webhooks/rf/<token>` with the workspace's secret token (rf-webhook-secret.ts),
// optionally followed by the event the admin set that webhook up for. A wrong, rotated or
// malformed token is 404 before the body is read, and nothing is stored. Then the workspace's rate
// limit (429), the body (64 KB: a user's fields are far less; JSON, a form, or the query string of
// RF's GET webhooks), and the store: the event is stored before the 200 and processed as a job
// (event-jobs.ts), so an acknowledged event is never lost. The payload is only a hint of who
// changed; the record keeps the id, code or email, never the body.

export const RF_WEBHOOK_PREFIX = '/webhooks/rf';
const MAX_BODY = '64kb';
/** The URL's last segment names the event (the admin makes one RF webhook per event). */
const KINDS: Record<string, string> = { 'referrer-joined': 'referrer_joined', 'lead-created': 'lead_created', 'lead-qualified': 'lead_qualified' };

export interface RfWebhookOptions {
  /** Events per workspace and minute before 429 (default 1,200: twice RF's API rate, which bounds what the app can do with them anyway). */
  perWorkspacePerMinute?: number;
  store?: Store;
}

export function rfWebhookRoutes(deps: AppDeps, o: RfWebhookOptions = {}): Router {
  const r = Router();
  const log = deps.logger;

  const verify: RequestHandler = async (req, res, next) => {
    const token = String(req.params.token ?? '');
    const kind = req.params.kind === undefined ? 'user' : KINDS[String(req.params.kind)];
    const workspaceId = kind ? await deps.installations.workspaceOfRfWebhook(token).catch(() => undefined) : null;
    if (workspaceId === undefined) return void res.status(503).json({ error: 'store_unavailable' });
    if (!workspaceId) {
      // Never the token: it is the secret.
      log.warn({ path: RF_WEBHOOK_PREFIX, ip: req.ip ?? null }, 'RF webhook refused: unknown URL');
      return void res.status(404).json({ error: 'not_found' });
    }
    res.locals.rf = { workspaceId, kind };
    next();
  };

  const limit = workspaceRateLimit({
    identifier: 'rf-webhooks',
    perMinute: o.perWorkspacePerMinute ?? 1_200,
    keyOf: (res) => `rf:${(res.locals.rf as { workspaceId: string }).workspaceId}`,
    store: o.store,
    onLimit: (res) => {
      log.warn({ workspaceId: (res.locals.rf as { workspaceId: string }).workspaceId }, 'RF webhook rate limit reached');
      res.status(429).json({ error: 'rate_limited' });
    },
  });

  const store: RequestHandler = async (req, res) => {
    const { workspaceId, kind } = res.locals.rf as { workspaceId: string; kind: string };
    const body = req.method === 'GET' ? (req.query as Record<string, unknown>) : payloadOf(req.body);
    const hint = hintOf(body);
    try {
      const result = await deps.sync.receiveEvent({
        source: 'referral_factory', externalId: randomUUID(), workspaceId, topic: kind,
        subjectId: hint.id !== undefined ? `id:${hint.id}` : hint.code !== undefined ? `code:${hint.code}` : hint.email !== undefined ? 'email' : null,
        subjectVersion: null, detail: hintDetail(hint), occurredAt: deps.clock.now(),
      });
      if (result.kind === 'full') {
        log.warn({ workspaceId }, 'RF webhook refused: too many events waiting for this workspace');
        return void res.status(503).json({ error: 'busy' });
      }
      res.status(200).json({ ok: true });
    } catch (err) {
      log.error({ workspaceId, err: String(err) }, 'RF webhook not stored');
      res.status(503).json({ error: 'store_unavailable' });
    }
  };

  const parseBody = [
    express.json({ limit: MAX_BODY, type: ['application/json', 'application/*+json'] }),
    express.urlencoded({ extended: false, limit: MAX_BODY }),
    express.text({ limit: MAX_BODY, type: () => true }),
  ];
  const bodyRefused: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, next) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : undefined;
    if (!status) return next(err);
    log.warn({ path: RF_WEBHOOK_PREFIX, status, type: err.type ?? null }, 'RF webhook body refused');
    res.status(status).json({ error: status === 413 ? 'payload_too_large' : 'payload_invalid' });
  };

  for (const path of [`${RF_WEBHOOK_PREFIX}/:token`, `${RF_WEBHOOK_PREFIX}/:token/:kind`]) {
    r.post(path, verify, limit, ...parseBody, store, bodyRefused);
    r.get(path, verify, limit, store);
  }
  return r;
}

/** JSON and forms arrive parsed; any other type as text, read as JSON when it is. */
function payloadOf(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
