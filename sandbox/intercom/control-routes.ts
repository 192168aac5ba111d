import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { BehaviourPatchSchema } from './behaviour.js';
import type { IntercomControl } from './control.js';

/**
 * Control interface over HTTP: JSON, no auth, for tests, benchmarks, the demo and the inbox simulator.
 *
 *   GET    /_sandbox/contacts                 → every contact (incl. archived, with segment_ids)
 *   GET    /_sandbox/contacts/:id             → one contact, 404 if unknown
 *   POST   /_sandbox/contacts        { role?, email?, name?, custom_attributes?, segmentIds? } → the contact
 *   PATCH  /_sandbox/contacts/:id    { name?, email?, custom_attributes?, … }  (bumps updated_at)
 *   POST   /_sandbox/contacts/:id/archive
 *   POST   /_sandbox/contacts/:id/conversation  → the contact's conversation (started by the customer if none)
 *   GET    /_sandbox/conversations/:id          → a conversation with its parts, 404 if unknown
 *   PUT    /_sandbox/contacts/:id/segments/:segmentId   { member: boolean }
 *   GET    /_sandbox/data_attributes · GET /_sandbox/segments · GET /_sandbox/admins
 *   GET    /_sandbox/clock → { now }  · POST /_sandbox/clock { now?: ms, advanceSeconds?: n }
 *   POST   /_sandbox/index/settle → { now }   (clock moved past the search-index delay)
 *   GET    /_sandbox/behaviour  · POST /_sandbox/behaviour { …switches of behaviour.ts } → all switches
 *   POST   /_sandbox/faults     { status: 403|429|500|502|503, count, match? }  · DELETE /_sandbox/faults
 *   POST   /_sandbox/latency    { ms }   · POST /_sandbox/rate-limit { perWindow } (0 = off)
 *   POST   /_sandbox/tokens     { adminId?, scopes?: string[] } → { token }   · DELETE /_sandbox/tokens { token }
 *   GET    /_sandbox/stats      · POST /_sandbox/stats/reset
 *   POST   /_sandbox/contacts/:id/delete · POST /_sandbox/contacts/:id/sign-up · POST /_sandbox/contacts/merge { from: leadId, into: userId }
 *   POST   /_sandbox/webhooks   { url } (HEAD-checked; 400 when it fails) · DELETE /_sandbox/webhooks
 *   GET    /_sandbox/webhooks → { url, deliveries, waiting, stats } · POST /_sandbox/webhooks/ping
 */
const Fault = z.object({ status: z.union([z.literal(403), z.literal(429), z.literal(500), z.literal(502), z.literal(503)]), count: z.number().int().min(1), match: z.string().optional() });

export function controlRouter(control: IntercomControl): Router {
  const r = express.Router();
  r.use(express.json());
  const bad = (res: express.Response, message: string) => void res.status(400).json({ error: message });
  r.get('/contacts', (_q, res) => void res.json(control.contacts()));
  r.get('/contacts/:id', (q, res) => {
    const c = control.contact(q.params.id);
    if (!c) return void res.status(404).json({ error: 'not found' });
    res.json(c);
  });
  r.post('/contacts', (q, res) => void res.json(control.createContact(q.body ?? {})));
  r.patch('/contacts/:id', (q, res) => void res.json(control.updateContact(q.params.id, q.body ?? {})));
  r.post('/contacts/:id/archive', (q, res) => void (control.archiveContact(q.params.id), res.json({ archived: true })));
  r.post('/contacts/merge', (q, res) => void res.json(control.mergeContacts(String(q.body?.from ?? ''), String(q.body?.into ?? ''))));
  r.post('/contacts/:id/delete', (q, res) => void (control.deleteContact(q.params.id), res.json({ deleted: true })));
  r.post('/contacts/:id/sign-up', (q, res) => void res.json(control.signUpLead(q.params.id)));
  r.post('/webhooks', (q, res, next) => {
    if (typeof q.body?.url !== 'string') return bad(res, 'expected { url }');
    control.registerWebhook(q.body.url).then(() => res.json(control.webhooks()), next);
  });
  r.delete('/webhooks', (_q, res) => void (control.unregisterWebhook(), res.json({ ok: true })));
  r.get('/webhooks', (_q, res) => void res.json(control.webhooks()));
  r.post('/webhooks/ping', (_q, res) => void (control.pingWebhook(), res.json({ ok: true })));
  r.put('/contacts/:id/segments/:segmentId', (q, res) => {
    control.setSegmentMembership(q.params.id, q.params.segmentId, Boolean(q.body?.member));
    res.json({ ok: true });
  });
  r.post('/contacts/:id/conversation', (q, res) => {
    try {
      res.json(control.startConversation(q.params.id));
    } catch {
      res.status(404).json({ error: 'no such contact' });
    }
  });
  r.get('/conversations/:id', (q, res) => {
    const c = control.conversation(q.params.id);
    if (!c) return void res.status(404).json({ error: 'no such conversation' });
    res.json(c);
  });
  r.get('/data_attributes', (_q, res) => void res.json(control.dataAttributes()));
  r.get('/segments', (_q, res) => void res.json(control.segments()));
  r.get('/admins', (_q, res) => void res.json(control.admins()));
  r.get('/clock', (_q, res) => void res.json({ now: control.now() }));
  r.post('/clock', (q, res) => {
    if (typeof q.body?.now === 'number') control.setNow(q.body.now);
    if (typeof q.body?.advanceSeconds === 'number') control.advance(q.body.advanceSeconds);
    res.json({ now: control.now() });
  });
  r.post('/index/settle', (_q, res) => void (control.settleIndex(), res.json({ now: control.now() })));
  r.get('/behaviour', (_q, res) => void res.json(control.behaviour()));
  r.post('/behaviour', (q, res) => {
    const patch = BehaviourPatchSchema.safeParse(q.body ?? {});
    if (!patch.success) return bad(res, `behaviour: ${patch.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
    res.json(control.setBehaviour(patch.data));
  });
  r.post('/faults', (q, res) => {
    const f = Fault.safeParse(q.body);
    if (!f.success) return bad(res, 'expected { status: 403|429|500|502|503, count, match? }');
    control.injectFaults(f.data);
    res.json({ ok: true });
  });
  r.delete('/faults', (_q, res) => void (control.clearFaults(), res.json({ ok: true })));
  r.post('/latency', (q, res) => void (control.setLatency(Number(q.body?.ms ?? 0)), res.json({ ok: true })));
  r.post('/rate-limit', (q, res) => void (control.setRateLimit(Number(q.body?.perWindow ?? 0)), res.json({ ok: true })));
  r.post('/tokens', (q, res) => {
    const scopes = q.body?.scopes;
    if (scopes !== undefined && !(Array.isArray(scopes) && scopes.every((x) => typeof x === 'string'))) return bad(res, 'scopes must be an array of strings');
    res.json({ token: control.issueToken(q.body?.adminId, scopes) });
  });
  r.delete('/tokens', (q, res) => void (control.revokeToken(String(q.body?.token ?? '')), res.json({ ok: true })));
  r.get('/stats', (_q, res) => void res.json(control.stats()));
  r.post('/stats/reset', (_q, res) => void (control.resetStats(), res.json({ ok: true })));
  r.use((err: Error, _q: express.Request, res: express.Response, _n: express.NextFunction) => bad(res, err.message));
  return r;
}
