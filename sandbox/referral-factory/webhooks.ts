import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { UserRecord } from './model.js';

// Outbound webhooks as RF configures them (reference/referral-factory.md §3; RF-WH: Campaign
// Settings → Integrations and API → API & Webhooks → + Create Webhook; RF-WH-OUT: the older
// step-by-step form). Per campaign: a URL (https), a method (POST default, GET in the older form),
// one event, the users and user sources to send, the user fields to send each under a key the
// admin may rename or switch off, hidden fields, up to 3 custom headers. RF documents no signature,
// no schema, no retries and no timeout: deliveries here are unsigned, sent once, 10 s to answer.
// Event names are RF's own (its n8n trigger, RF-N8N): `user.join` (a new referrer joins / a new
// lead is created, told apart by `users`), `user.qualified` (a lead is qualified). `reward_issued`
// is not modelled (the stand-in has no rewards).

const USER_TYPES = ['person_referring', 'person_invited'] as const;
const SOURCES = ['Direct', 'Referred', 'Api', 'Added', 'Zapier', 'Widget', 'Popup', 'Embed', 'Test'] as const;
/** The user fields a webhook can send (RF-USER), each under its own name unless renamed. */
export const WEBHOOK_FIELDS = ['id', 'campaign_id', 'referrer_id', 'type', 'source', 'first_name', 'email', 'code', 'url', 'signed_up_at', 'qualified_at'] as const;
export type WebhookField = (typeof WEBHOOK_FIELDS)[number];

const KeyValue = z.object({ key: z.string().trim().min(1).max(100), value: z.string().max(1000) });

export const WebhookSpec = z.object({
  name: z.string().max(200).optional(),
  url: z.url().refine((u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(u), {
    message: 'The URL must start with https (http only to this machine, for the stand-in)',
  }),
  method: z.enum(['POST', 'GET']).default('POST'),
  event: z.enum(['user.join', 'user.qualified']),
  campaignId: z.number().int(),
  /** "Users To Send" (RF-WH-OUT): which users `user.join` sends; default both. */
  users: z.array(z.enum(USER_TYPES)).min(1).optional(),
  /** "User sources" (RF-WH); default every source. */
  sources: z.array(z.enum(SOURCES)).min(1).optional(),
  /** A field's key in the payload (renamed), or false to leave it out; campaign form fields go under their label. */
  fields: z.partialRecord(z.enum(WEBHOOK_FIELDS), z.union([z.string().trim().min(1).max(100), z.literal(false)])).optional(),
  hidden: z.array(KeyValue).max(20).optional(),
  headers: z.array(KeyValue).max(3, { message: 'RF allows at most 3 headers' }).optional(),
});
export type WebhookSpecInput = z.input<typeof WebhookSpec>;
export type Webhook = z.output<typeof WebhookSpec> & { id: string };

export interface WebhookDelivery {
  webhookId: string;
  event: Webhook['event'];
  userId: number;
  /** HTTP status, or `timeout` / `error` (no answer). */
  result: number | 'timeout' | 'error';
  at: number;
}

const MAX_DELIVERIES_KEPT = 1000;
const TIMEOUT_MS = 10_000;

/** The campaign webhooks and what they sent; `fire` is called by the directory's observer. */
export class Webhooks {
  private readonly hooks = new Map<string, Webhook>();
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly now: () => number,
    private readonly campaignExists: (id: number) => boolean,
    /** The user as the webhook shows it (API shape, no analytics). */
    private readonly wire: (u: UserRecord) => Record<string, unknown>,
  ) {}

  add(input: WebhookSpecInput): Webhook {
    const spec = WebhookSpec.parse(input);
    if (!this.campaignExists(spec.campaignId)) throw new Error(`No campaign ${spec.campaignId}`);
    const hook = { ...spec, id: `wh_${randomUUID().slice(0, 8)}` };
    this.hooks.set(hook.id, hook);
    return hook;
  }

  remove = (id: string): boolean => this.hooks.delete(id);
  list = (): Webhook[] => [...this.hooks.values()];

  /** Resolves once every delivery started so far has its answer. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  fire(event: Webhook['event'], user: UserRecord): void {
    for (const hook of this.hooks.values()) {
      if (hook.event !== event || hook.campaignId !== user.campaignId) continue;
      if (hook.users && !hook.users.includes(user.type)) continue;
      if (hook.sources && !hook.sources.includes(user.source)) continue;
      const payload = this.payload(hook, user);
      // RF queues its deliveries: never inside the API call that caused them.
      const p = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.send(hook, user.id, payload));
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    }
  }

  private payload(hook: Webhook, user: UserRecord): Payload {
    const wire = this.wire(user);
    const out: Payload = {};
    for (const field of WEBHOOK_FIELDS) {
      const key = hook.fields?.[field] ?? field;
      const value = wire[field];
      if (key !== false) out[key] = typeof value === 'number' || typeof value === 'string' ? value : null;
    }
    for (const m of user.meta) out[m.field] = m.value;
    for (const h of hook.hidden ?? []) out[h.key] = h.value;
    return out;
  }

  private async send(hook: Webhook, userId: number, payload: Payload): Promise<void> {
    const headers: Record<string, string> = { 'user-agent': 'ReferralFactory-Webhook/1.0 (stand-in)', accept: 'application/json' };
    for (const h of hook.headers ?? []) headers[h.key] = h.value;
    let url = hook.url;
    let body: string | undefined;
    if (hook.method === 'GET') {
      const u = new URL(hook.url);
      for (const [k, v] of Object.entries(payload)) u.searchParams.set(k, v === null ? '' : String(v));
      url = u.toString();
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(payload);
    }
    let result: WebhookDelivery['result'];
    try {
      const res = await fetch(url, { method: hook.method, headers, signal: AbortSignal.timeout(TIMEOUT_MS), ...(body === undefined ? {} : { body }) });
      await res.arrayBuffer().catch(() => undefined);
      result = res.status;
    } catch (err) {
      result = (err as Error).name === 'TimeoutError' ? 'timeout' : 'error';
    }
    this.deliveries.push({ webhookId: hook.id, event: hook.event, userId, result, at: this.now() });
    if (this.deliveries.length > MAX_DELIVERIES_KEPT) this.deliveries.shift();
  }
}

type Payload = Record<string, string | number | null>;
