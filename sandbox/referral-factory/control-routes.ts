import express from 'express';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { ReferralFactoryControl } from './control.js';
import { WebhookSpec } from './webhooks.js';

/**
 * Control interface over HTTP: JSON, no auth, for tests, benchmarks and the inbox simulator.
 *
 *   GET    /_sandbox/campaigns                    → campaigns (API shape)
 *   GET    /_sandbox/users?campaign_id=&email=&type=&offset=&limit=
 *                                                  → users with analytics (+ `notified`)
 *   GET    /_sandbox/users/:idOrCodeOrEmail       → one user, 404 if unknown
 *   POST   /_sandbox/referrals   { referrerEmail | referrerId, campaignId?, count?, qualified? }
 *                                                  → the person_invited users created
 *   POST   /_sandbox/users/:id/qualify            → the qualified user
 *   POST   /_sandbox/joins       { campaignId, email, firstName, source? }   → the new referrer (joined on RF's page)
 *   POST   /_sandbox/webhooks    { url, event: user.join|user.qualified, campaignId, method?, users?, sources?,
 *                                   fields? {<field>: <key>|false}, hidden? [{key,value}], headers? [{key,value}] (≤ 3) }
 *                                                  → the webhook with its id; 400 when RF would refuse it
 *   GET    /_sandbox/webhooks                     → webhooks
 *   DELETE /_sandbox/webhooks/:id
 *   GET    /_sandbox/webhook-deliveries           → [{ webhookId, event, userId, result, at }]
 *   POST   /_sandbox/faults      { status: 429|500|502|503, count, match? }   ("/users" or "POST /users")
 *   DELETE /_sandbox/faults
 *   POST   /_sandbox/latency     { ms }
 *   POST   /_sandbox/rate-limit  { perMinute }     (0 = off)
 *   GET    /_sandbox/stats                        → { requests, byRoute, rateLimited, overruns, blockedKeys, writes, faultsInjected, users }
 *   GET    /_sandbox/calls                        → { windowMs, limit, keys: { <key>: { calls, limited, blocked, peakInWindow } } }
 *   POST   /_sandbox/stats/reset                  (the counters and the call log)
 *   POST   /_sandbox/unblock     { key }          → { unblocked: boolean }
 */
const Referral = z.object({
  referrerEmail: z.string().optional(),
  referrerId: z.number().int().optional(),
  campaignId: z.number().int().optional(),
  count: z.number().int().min(1).max(1000).optional(),
  qualified: z.boolean().optional(),
});
const Join = z.object({ campaignId: z.number().int(), email: z.email(), firstName: z.string().min(1), source: z.enum(['Direct', 'Widget', 'Popup', 'Embed']).optional() });
const Fault = z.object({ status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]), count: z.number().int().min(1), match: z.string().optional() });
const UsersQuery = z.object({
  campaign_id: z.coerce.number().int().optional(),
  email: z.string().optional(),
  type: z.enum(['person_referring', 'person_invited']).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).optional(),
});

export function controlRouter(control: ReferralFactoryControl): Router {
  const r = express.Router();
  r.use(express.json());
  const handle =
    <T>(schema: z.ZodType<T>, from: (req: Request) => unknown, run: (input: T, req: Request) => unknown) =>
    (req: Request, res: Response) => {
      const parsed = schema.safeParse(from(req) ?? {});
      if (!parsed.success) return void res.status(400).json({ error: z.prettifyError(parsed.error) });
      try {
        res.json(run(parsed.data, req) ?? { ok: true });
      } catch (err) {
        res.status(404).json({ error: err instanceof Error ? err.message : String(err) });
      }
    };
  const none = z.object({}).loose();
  r.get('/campaigns', handle(none, () => ({}), () => control.listCampaigns()));
  r.get('/users', handle(UsersQuery, (req) => req.query, (q) =>
    control.listUsers({
      ...(q.campaign_id !== undefined ? { campaignId: q.campaign_id } : {}),
      ...(q.email !== undefined ? { email: q.email } : {}),
      ...(q.type !== undefined ? { type: q.type } : {}),
      ...(q.offset !== undefined ? { offset: q.offset } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}),
    })));
  r.get('/users/:id', handle(none, () => ({}), (_i, req) => {
    const u = control.getUser(String(req.params.id));
    if (!u) throw new Error(`No user ${String(req.params.id)}`);
    return u;
  }));
  r.post('/referrals', handle(Referral, (req) => req.body, (i) => control.simulateReferral(i)));
  r.post('/users/:id/qualify', handle(none, () => ({}), (_i, req) => control.qualify(Number(req.params.id))));
  r.post('/joins', handle(Join, (req) => req.body, (i) => control.simulateJoin(i)));
  r.post('/webhooks', handle(WebhookSpec, (req) => req.body, (spec) => control.addWebhook(spec)));
  r.get('/webhooks', handle(none, () => ({}), () => control.listWebhooks()));
  r.delete('/webhooks/:id', handle(none, () => ({}), (_i, req) => {
    if (!control.removeWebhook(String(req.params.id))) throw new Error(`No webhook ${String(req.params.id)}`);
  }));
  r.get('/webhook-deliveries', handle(none, () => ({}), () => control.webhookDeliveries()));
  r.post('/faults', handle(Fault, (req) => req.body, (f) => control.injectFaults(f)));
  r.delete('/faults', handle(none, () => ({}), () => control.clearFaults()));
  r.post('/latency', handle(z.object({ ms: z.number().min(0) }), (req) => req.body, (b) => control.setLatency(b.ms)));
  r.post('/rate-limit', handle(z.object({ perMinute: z.number().int().min(0) }), (req) => req.body, (b) => control.setRatePerMinute(b.perMinute)));
  r.get('/stats', handle(none, () => ({}), () => control.stats()));
  r.get('/calls', handle(none, () => ({}), () => control.callLog()));
  r.post('/stats/reset', handle(none, () => ({}), () => control.resetStats()));
  r.post('/unblock', handle(z.object({ key: z.string() }), (req) => req.body, (b) => ({ unblocked: control.unblock(b.key) })));
  return r;
}
