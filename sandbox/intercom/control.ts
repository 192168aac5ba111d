import { randomBytes } from 'node:crypto';
import { BehaviourPatchSchema, type Behaviour, type BehaviourPatch } from './behaviour.js';
import { contactView } from './contact-view.js';
import { emptyStats, nowMs, nowSeconds, type FaultSpec, type IntercomStats, type SandboxContext, type ServedPage } from './context.js';
import type { AttrValue, DataAttribute, Segment, StoredContact } from './model.js';
import { insertContact } from './create-contact.js';
import { conversationView, findConversation, startConversation } from './conversations.js';
import { ALL_SCOPES } from './scopes.js';
import { recordChange } from './search-index.js';
import { updateContact } from './update-contact.js';
import { notify, notifyContact, registerWebhook, sendDue, stopWebhooks, type WebhookDelivery } from './webhooks.js';

export interface NewContact {
  role?: 'user' | 'lead';
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  external_id?: string | null;
  avatar?: string | null;
  custom_attributes?: Record<string, AttrValue>;
  segmentIds?: string[];
}

/**
 * Test, demo and benchmark control of the stand-in. Also served over HTTP (control-routes.ts).
 * Contacts read here are the stored truth: names unescaped, changes visible at once (the API's
 * search sees them only after the index delay).
 */
export interface IntercomControl {
  contact(id: string): Record<string, unknown> | undefined;
  contacts(): Array<Record<string, unknown>>;
  dataAttributes(): DataAttribute[];
  segments(): Segment[];
  admins(): Array<{ id: string; name: string; email: string }>;
  createContact(input: NewContact): Record<string, unknown>;
  /** Same rules as PUT /contacts/{id}; bumps updated_at. */
  updateContact(id: string, patch: Record<string, unknown>): Record<string, unknown>;
  archiveContact(id: string): void;
  /** The contact's conversation as GET /conversations/{id} answers it, started by the customer if it has none yet. */
  startConversation(contactId: string): Record<string, unknown>;
  /** A conversation with its parts (replies), or undefined. */
  conversation(id: string): Record<string, unknown> | undefined;
  /** DELETE /contacts/{id}: gone from every read; `contact.deleted` with a minimal payload (behaviour.deletedPayload). */
  deleteContact(id: string): void;
  /** A lead merged into a user (POST /contacts/merge): the lead is gone; `contact.merged` carries the user with `merged_from`. */
  mergeContacts(leadId: string, userId: string): Record<string, unknown>;
  /** A lead signs up: it becomes a user (`contact.lead.signed_up`). */
  signUpLead(id: string): Record<string, unknown>;
  /** The app's webhook URL, checked with a HEAD request as the Developer Hub does; rejects when it does not answer 2xx. */
  registerWebhook(url: string): Promise<void>;
  unregisterWebhook(): void;
  /** A `ping` notification (Developer Hub's "send test request"). */
  pingWebhook(): void;
  /** The URL, what was delivered (newest last) and counts. */
  webhooks(): { url: string | null; deliveries: WebhookDelivery[]; waiting: number; stats: { sent: number; failed: number; dropped: number; byTopic: Record<string, number> } };
  setSegmentMembership(contactId: string, segmentId: string, member: boolean): void;
  now(): number;
  setNow(ms: number): void;
  advance(seconds: number): void;
  injectFaults(spec: FaultSpec): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setRateLimit(perWindow: number): void;
  revokeToken(token: string): void;
  /** A new token for an admin; `scopes`: the permissions it holds (default all, scopes.ts). */
  issueToken(adminId?: string, scopes?: readonly string[]): string;
  /** The switches in force (behaviour.ts), and a change to some of them. */
  behaviour(): Behaviour;
  setBehaviour(patch: BehaviourPatch): Behaviour;
  /** Moves the clock past the search-index delay, so that every write so far is searchable. */
  settleIndex(): void;
  /**
   * Calls `listener` with every page of contacts the API serves, before it is sent: a test acts
   * as "someone else" between two pages of a client's read. null removes it.
   */
  onPage(listener: ((page: ServedPage) => void) | null): void;
  stats(): IntercomStats;
  resetStats(): void;
}

export function createControl(ctx: SandboxContext): IntercomControl {
  const stored = (id: string): StoredContact => {
    const c = ctx.ws.byId.get(id);
    if (!c) throw new Error(`No contact ${id}`);
    return c;
  };
  const raw = (c: StoredContact) => ({ ...contactView(ctx.ws, c, { escapeNames: false }), archived: c.archived, segment_ids: [...c.segmentIds] });
  const change = (c: StoredContact, fn: () => void, isNew = false) => {
    recordChange(c, nowMs(ctx), ctx.behaviour.searchIndexDelaySeconds * 1000, fn, isNew);
    ctx.ws.version += 1;
  };
  return {
    contact: (id) => {
      const c = ctx.ws.byId.get(id);
      return c ? raw(c) : undefined;
    },
    contacts: () => ctx.ws.contacts.map(raw),
    startConversation: (contactId) => conversationView(ctx.ws, startConversation(ctx, contactId)),
    conversation: (id) => {
      const c = findConversation(ctx.ws, id);
      return c ? conversationView(ctx.ws, c) : undefined;
    },
    dataAttributes: () => ctx.ws.attributes.map((a) => ({ ...a })),
    segments: () => ctx.ws.segments.map((s) => ({ ...s })),
    admins: () => ctx.ws.admins.map((a) => ({ ...a })),
    createContact: (input) => raw(insertContact(ctx, {
      role: input.role ?? 'user', email: input.email ?? null, name: input.name ?? null, phone: input.phone ?? null,
      external_id: input.external_id ?? null, avatar: input.avatar ?? null, custom_attributes: input.custom_attributes ?? {},
    }, input.segmentIds ?? [])),
    updateContact: (id, patch) => raw(updateContact(ctx, stored(id), patch)),
    archiveContact: (id) => {
      const c = stored(id);
      change(c, () => void (c.archived = true));
      notifyContact(ctx, 'contact.archived', c);
    },
    deleteContact: (id) => {
      const c = stored(id);
      change(c, () => void (c.archived = true));
      const item = ctx.behaviour.deletedPayload === 'full'
        ? null
        : { type: 'contact', id: c.id, external_id: c.external_id, deleted: true };
      if (item) notify(ctx, 'contact.deleted', item);
      else notifyContact(ctx, 'contact.deleted', c, { deleted: true });
    },
    mergeContacts: (leadId, userId) => {
      const lead = stored(leadId);
      const user = stored(userId);
      if (lead.role !== 'lead' || user.role !== 'user') throw new Error('Only a lead merges into a user');
      change(lead, () => void (lead.archived = true));
      change(user, () => {
        user.email ??= lead.email;
        user.custom_attributes = { ...lead.custom_attributes, ...user.custom_attributes };
        user.updated_at = nowSeconds(ctx);
      });
      notifyContact(ctx, 'contact.merged', user, { merged_from: { type: 'contact', id: lead.id } });
      return raw(user);
    },
    signUpLead: (id) => {
      const c = stored(id);
      if (c.role !== 'lead') throw new Error(`${id} is not a lead`);
      change(c, () => {
        c.role = 'user';
        c.signed_up_at = nowSeconds(ctx);
        c.updated_at = nowSeconds(ctx);
      });
      notifyContact(ctx, 'contact.lead.signed_up', c);
      return raw(c);
    },
    registerWebhook: (url) => registerWebhook(ctx, url),
    unregisterWebhook: () => {
      ctx.webhooks.url = null;
      ctx.webhooks.scheduled = [];
      ctx.webhooks.held = [];
      stopWebhooks(ctx);
    },
    pingWebhook: () => notify(ctx, 'ping', { type: 'ping', message: 'something something interzen' }),
    webhooks: () => ({ url: ctx.webhooks.url, deliveries: structuredClone(ctx.webhooks.deliveries), waiting: ctx.webhooks.scheduled.length + ctx.webhooks.held.length, stats: structuredClone(ctx.webhooks.stats) }),
    setSegmentMembership: (contactId, segmentId, member) => {
      const c = stored(contactId);
      change(c, () => void (member ? c.segmentIds.add(segmentId) : c.segmentIds.delete(segmentId)));
    },
    now: () => ctx.baseNow() + ctx.clockOffsetMs,
    setNow: (ms) => {
      ctx.clockOffsetMs = ms - ctx.baseNow();
      sendDue(ctx);
    },
    advance: (seconds) => {
      ctx.clockOffsetMs += seconds * 1000;
      sendDue(ctx);
    },
    injectFaults: (spec) => void ctx.faults.push({ ...spec, remaining: spec.count }),
    clearFaults: () => void (ctx.faults = []),
    setLatency: (ms) => void (ctx.latencyMs = ms),
    setRateLimit: (n) => void (ctx.rateLimitPerWindow = n),
    revokeToken: (token) => void ctx.tokens.delete(token),
    issueToken: (adminId, scopes) => {
      const unknown = (scopes ?? []).filter((s) => !ALL_SCOPES.includes(s));
      if (unknown.length > 0) throw new Error(`Unknown scopes: ${unknown.join(', ')} (known: ${ALL_SCOPES.join(', ')})`);
      const token = `dG9rOjB${randomBytes(24).toString('base64url')}`;
      ctx.tokens.set(token, { workspaceId: ctx.ws.id, adminId: adminId ?? (ctx.ws.admins[0]?.id as string), ...(scopes ? { scopes: new Set(scopes) } : {}) });
      return token;
    },
    behaviour: () => structuredClone(ctx.behaviour),
    setBehaviour: (patch) => {
      ctx.behaviour = { ...ctx.behaviour, ...BehaviourPatchSchema.parse(patch) };
      return structuredClone(ctx.behaviour);
    },
    settleIndex: () => void (ctx.clockOffsetMs += ctx.behaviour.searchIndexDelaySeconds * 1000 + 1000),
    onPage: (listener) => void (ctx.pageListener = listener),
    stats: () => structuredClone(ctx.stats),
    resetStats: () => void (ctx.stats = emptyStats()),
  };
}
