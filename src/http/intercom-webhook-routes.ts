import express, { Router, type RequestHandler } from 'express';
import type { Store } from 'express-rate-limit';
import { workspaceRateLimit } from './rate-limits.js';
import type { AppDeps } from '../app-deps.js';
import { notificationFacts, NotificationWire } from '../integrations/intercom/notification.js';
import { hubSignatureKey, isValidHubSignature } from './hub-signature.js';

// POST /intercom/webhooks: Intercom's notifications from every workspace that installed the app
// (`app_id` names it), one URL for all (reference/intercom-api.md §6). Order: signature (401)
// before anything else is read, then the body's shape (400), then the workspace (unknown: 200 and
// a warning, not worth Intercom's retry), its rate limit (429: Intercom throttles and retries), and
// the store: the event is stored before the 200, so an acknowledged event is never lost; its
// processing is a job. A store that fails answers 503 and Intercom retries once, a minute later.
// HEAD answers Intercom's validation of the URL when the webhook is set up.

export const WEBHOOK_PATH = '/intercom/webhooks';
/** A notification carries one contact: far below this. */
export const WEBHOOK_MAX_BODY = '256kb';

export interface WebhookOptions {
  /** Notifications per workspace and minute before 429 (default 3,000: a bulk import's burst passes, a flood does not). */
  perWorkspacePerMinute?: number;
  store?: Store;
}

export function intercomWebhookRoutes(deps: AppDeps, o: WebhookOptions = {}): Router {
  const r = Router();
  const key = hubSignatureKey(deps.config.intercom.clientSecret);
  const log = deps.logger;

  r.head(WEBHOOK_PATH, (_req, res) => void res.status(200).end());

  const verify: RequestHandler = (req, res, next) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (isValidHubSignature(raw, req.get('x-hub-signature'), key)) return next();
    log.warn({ path: req.path, signed: req.get('x-hub-signature') !== undefined }, 'webhook refused: signature invalid');
    res.status(401).json({ error: 'signature_invalid' });
  };

  const parse: RequestHandler = async (req, res, next) => {
    let json: unknown;
    try {
      json = JSON.parse((req.body as Buffer).toString('utf8'));
    } catch {
      return void res.status(400).json({ error: 'payload_invalid' });
    }
    const parsed = NotificationWire.safeParse(json);
    if (!parsed.success) return void res.status(400).json({ error: 'payload_invalid' });
    const n = parsed.data;
    if (n.topic === 'ping') {
      log.info({ appId: n.app_id }, 'webhook ping');
      return void res.status(200).json({ ok: true });
    }
    const installation = await deps.installations.get(n.app_id).catch(() => undefined);
    if (installation === undefined) return void res.status(503).json({ error: 'store_unavailable' });
    if (!installation) {
      log.warn({ appId: n.app_id, topic: n.topic }, 'webhook for a workspace that has not installed the app: ignored');
      return void res.status(200).json({ ok: true, ignored: 'unknown_app' });
    }
    res.locals.notification = n;
    next();
  };

  const limit = workspaceRateLimit({
    identifier: 'webhooks',
    perMinute: o.perWorkspacePerMinute ?? 3_000,
    keyOf: (res) => `ws:${(res.locals.notification as NotificationWire).app_id}`,
    store: o.store,
    onLimit: (res) => {
      log.warn({ appId: (res.locals.notification as NotificationWire).app_id }, 'webhook rate limit reached');
      res.status(429).json({ error: 'rate_limited' });
    },
  });

  const store: RequestHandler = async (_req, res) => {
    const n = res.locals.notification as NotificationWire;
    const facts = notificationFacts(n);
    if (!n.id) return void res.status(400).json({ error: 'payload_invalid' });
    try {
      const result = await deps.sync.receiveEvent({
        source: 'intercom', externalId: n.id, workspaceId: n.app_id, topic: n.topic,
        subjectId: facts.subjectId, subjectVersion: facts.subjectVersion, detail: facts.detail, occurredAt: facts.occurredAt ?? deps.clock.now(),
      });
      if (result.kind === 'full') {
        log.warn({ appId: n.app_id }, 'webhook refused: too many events waiting for this workspace');
        return void res.status(503).json({ error: 'busy' });
      }
      log.debug({ appId: n.app_id, topic: n.topic, eventId: result.event.id, result: result.kind }, 'webhook stored');
      res.status(200).json({ ok: true, result: result.kind });
    } catch (err) {
      log.error({ appId: n.app_id, topic: n.topic, err: String(err) }, 'webhook not stored: Intercom retries it');
      res.status(503).json({ error: 'store_unavailable' });
    }
  };

  r.post(WEBHOOK_PATH, express.raw({ type: () => true, limit: WEBHOOK_MAX_BODY }), verify, parse, limit, store);
  return r;
}
