import { createHmac, randomUUID } from 'node:crypto';
import { contactView } from './contact-view.js';
import { nowMs, nowSeconds, type SandboxContext } from './context.js';
import type { StoredContact } from './model.js';

// Webhook notifications as Intercom sends them (reference/intercom-api.md §6; WH-models,
// WH-notif, WH-setup): to the one URL registered for the app, from every change, the receiver's
// own writes included; signed `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body, keyed with the
// client secret>`; 5 s to answer; a timeout or a non-2xx answer is retried once, 60 s of the
// stand-in's clock later, then dropped. Registration checks the URL with a HEAD request.
// `behaviour.webhookDelivery` makes delivery as bad as Intercom allows: out of order, twice, late, never.

export interface WebhookDelivery {
  id: string;
  topic: string;
  attempt: number;
  /** HTTP status, or `timeout` / `error` (no answer). */
  result: number | 'timeout' | 'error';
  /** Stand-in clock (ms). */
  at: number;
}

export interface WebhookState {
  url: string | null;
  /** Notifications waiting for their time (late ones, retries), by stand-in clock. */
  scheduled: Array<{ due: number; body: Record<string, unknown>; attempt: number }>;
  /** Held to be sent in reverse order (`out_of_order`). */
  held: Array<Record<string, unknown>>;
  deliveries: WebhookDelivery[];
  stats: { sent: number; failed: number; dropped: number; byTopic: Record<string, number> };
  timer: NodeJS.Timeout | null;
  timeoutMs: number;
}

const MAX_DELIVERIES_KEPT = 500;
/** Intercom's one retry comes a minute after a failed delivery (WH-models "Response handling"). */
export const RETRY_AFTER_MS = 60_000;

export const emptyWebhookState = (timeoutMs = 5_000): WebhookState => ({
  url: null, scheduled: [], held: [], deliveries: [], stats: { sent: 0, failed: 0, dropped: 0, byTopic: {} }, timer: null, timeoutMs,
});

export const sign = (raw: string, secret: string): string => `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`;

function envelope(ctx: SandboxContext, topic: string, item: Record<string, unknown>): Record<string, unknown> {
  const at = nowSeconds(ctx);
  return {
    type: 'notification_event', app_id: ctx.ws.id, id: topic === 'ping' ? null : `notif_${randomUUID()}`, topic,
    created_at: at, delivery_attempts: 1, first_sent_at: at, delivery_status: null, delivered_at: 0, links: {}, self: null,
    data: { type: 'notification_event_data', item },
  };
}

async function post(ctx: SandboxContext, body: Record<string, unknown>, attempt: number): Promise<void> {
  const hooks = ctx.webhooks;
  if (!hooks.url) return;
  const raw = JSON.stringify({ ...body, delivery_attempts: attempt });
  let result: WebhookDelivery['result'];
  try {
    const res = await fetch(hooks.url, {
      method: 'POST', body: raw, signal: AbortSignal.timeout(hooks.timeoutMs),
      headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'intercom-parrot-service-client/1.0', 'x-hub-signature': sign(raw, ctx.clientSecret) },
    });
    await res.arrayBuffer().catch(() => undefined);
    result = res.status;
  } catch (err) {
    result = (err as Error).name === 'TimeoutError' ? 'timeout' : 'error';
  }
  const topic = String(body.topic);
  hooks.deliveries.push({ id: String(body.id), topic, attempt, result, at: nowMs(ctx) });
  if (hooks.deliveries.length > MAX_DELIVERIES_KEPT) hooks.deliveries.shift();
  const ok = typeof result === 'number' && result >= 200 && result < 300;
  if (ok) {
    hooks.stats.sent += 1;
    hooks.stats.byTopic[topic] = (hooks.stats.byTopic[topic] ?? 0) + 1;
  } else {
    hooks.stats.failed += 1;
    if (attempt === 1) schedule(ctx, body, nowMs(ctx) + RETRY_AFTER_MS, 2);
  }
}

function schedule(ctx: SandboxContext, body: Record<string, unknown>, due: number, attempt: number): void {
  ctx.webhooks.scheduled.push({ due, body, attempt });
  ensureTimer(ctx);
}

/** Sends what is due by the stand-in's clock (called on a timer and whenever the clock moves). */
export function sendDue(ctx: SandboxContext): void {
  const now = nowMs(ctx);
  const due = ctx.webhooks.scheduled.filter((s) => s.due <= now);
  if (due.length === 0) return;
  ctx.webhooks.scheduled = ctx.webhooks.scheduled.filter((s) => s.due > now);
  for (const s of due) void post(ctx, s.body, s.attempt);
}

function ensureTimer(ctx: SandboxContext): void {
  if (ctx.webhooks.timer) return;
  ctx.webhooks.timer = setInterval(() => {
    sendDue(ctx);
    if (ctx.webhooks.held.length > 0) {
      const held = ctx.webhooks.held.splice(0).reverse();
      for (const body of held) void post(ctx, body, 1);
    }
  }, 200);
  ctx.webhooks.timer.unref();
}

export function stopWebhooks(ctx: SandboxContext): void {
  if (ctx.webhooks.timer) clearInterval(ctx.webhooks.timer);
  ctx.webhooks.timer = null;
}

/** Sends a notification of `topic` about `item` the way `behaviour.webhookDelivery` says. Nothing when no URL is registered. */
export function notify(ctx: SandboxContext, topic: string, item: Record<string, unknown>): void {
  if (!ctx.webhooks.url) return;
  const body = envelope(ctx, topic, item);
  switch (ctx.behaviour.webhookDelivery) {
    case 'never':
      ctx.webhooks.stats.dropped += 1;
      return;
    case 'late':
      return schedule(ctx, body, nowMs(ctx) + ctx.behaviour.webhookLateSeconds * 1000, 1);
    case 'out_of_order':
      ctx.webhooks.held.push(body);
      return ensureTimer(ctx);
    case 'twice':
      setImmediate(() => void post(ctx, body, 1).then(() => post(ctx, body, 2)));
      return;
    default:
      setImmediate(() => void post(ctx, body, 1));
  }
}

/** A contact notification with the contact as the API shows it now. */
export const notifyContact = (ctx: SandboxContext, topic: string, c: StoredContact, extra: Record<string, unknown> = {}): void =>
  notify(ctx, topic, { ...contactView(ctx.ws, c, { escapeNames: ctx.behaviour.escapeNames }), ...extra });

/** Registers the app's webhook URL, as the Developer Hub does: only if it answers a HEAD request with 2xx. */
export async function registerWebhook(ctx: SandboxContext, url: string): Promise<void> {
  let status: number;
  try {
    status = (await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(ctx.webhooks.timeoutMs) })).status;
  } catch (err) {
    throw new Error(`The webhook URL did not answer a HEAD request (${(err as Error).message})`);
  }
  if (status < 200 || status >= 300) throw new Error(`The webhook URL answered HEAD with ${status}`);
  ctx.webhooks.url = url;
}
