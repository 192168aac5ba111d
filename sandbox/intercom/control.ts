import { randomBytes } from 'node:crypto';
import { contactView } from './contact-view.js';
import { emptyStats, nowSeconds, type FaultSpec, type IntercomStats, type SandboxContext } from './context.js';
import type { AttrValue, DataAttribute, Segment, StoredContact } from './model.js';
import { updateContact } from './update-contact.js';

export interface NewContact {
  role?: 'user' | 'lead';
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  external_id?: string | null;
  custom_attributes?: Record<string, AttrValue>;
  segmentIds?: string[];
}

/** Test, demo and benchmark control of the stand-in. Also served over HTTP (control-routes.ts). */
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
  setSegmentMembership(contactId: string, segmentId: string, member: boolean): void;
  now(): number;
  setNow(ms: number): void;
  advance(seconds: number): void;
  injectFaults(spec: FaultSpec): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setRateLimit(perWindow: number): void;
  revokeToken(token: string): void;
  issueToken(adminId?: string): string;
  stats(): IntercomStats;
  resetStats(): void;
}

export function createControl(ctx: SandboxContext): IntercomControl {
  const stored = (id: string): StoredContact => {
    const c = ctx.ws.byId.get(id);
    if (!c) throw new Error(`No contact ${id}`);
    return c;
  };
  return {
    contact: (id) => {
      const c = ctx.ws.byId.get(id);
      return c ? { ...contactView(ctx.ws, c, true), archived: c.archived, segment_ids: [...c.segmentIds] } : undefined;
    },
    contacts: () => ctx.ws.contacts.map((c) => ({ ...contactView(ctx.ws, c), archived: c.archived, segment_ids: [...c.segmentIds] })),
    dataAttributes: () => ctx.ws.attributes.map((a) => ({ ...a })),
    segments: () => ctx.ws.segments.map((s) => ({ ...s })),
    admins: () => ctx.ws.admins.map((a) => ({ ...a })),
    createContact: (input) => {
      const at = nowSeconds(ctx);
      const seq = ctx.ws.nextSeq++;
      const c: StoredContact = {
        seq, id: `7${seq.toString(16).padStart(23, '0')}`, role: input.role ?? 'user', email: input.email ?? null,
        name: input.name ?? null, phone: input.phone ?? null, external_id: input.external_id ?? null, owner_id: null,
        created_at: at, updated_at: at, signed_up_at: input.role === 'lead' ? null : at, last_seen_at: null,
        unsubscribed_from_emails: false, custom_attributes: { ...(input.custom_attributes ?? {}) },
        segmentIds: new Set(input.segmentIds ?? []), archived: false,
      };
      ctx.ws.contacts.push(c);
      ctx.ws.byId.set(c.id, c);
      ctx.ws.version += 1;
      return contactView(ctx.ws, c, true);
    },
    updateContact: (id, patch) => contactView(ctx.ws, updateContact(ctx, stored(id), patch), true),
    archiveContact: (id) => {
      stored(id).archived = true;
      ctx.ws.version += 1;
    },
    setSegmentMembership: (contactId, segmentId, member) => {
      const c = stored(contactId);
      if (member) c.segmentIds.add(segmentId);
      else c.segmentIds.delete(segmentId);
      ctx.ws.version += 1;
    },
    now: () => ctx.baseNow() + ctx.clockOffsetMs,
    setNow: (ms) => void (ctx.clockOffsetMs = ms - ctx.baseNow()),
    advance: (seconds) => void (ctx.clockOffsetMs += seconds * 1000),
    injectFaults: (spec) => void ctx.faults.push({ ...spec, remaining: spec.count }),
    clearFaults: () => void (ctx.faults = []),
    setLatency: (ms) => void (ctx.latencyMs = ms),
    setRateLimit: (n) => void (ctx.rateLimitPerWindow = n),
    revokeToken: (token) => void ctx.tokens.delete(token),
    issueToken: (adminId) => {
      const token = `dG9rOjB${randomBytes(24).toString('base64url')}`;
      ctx.tokens.set(token, { workspaceId: ctx.ws.id, adminId: adminId ?? (ctx.ws.admins[0]?.id as string) });
      return token;
    },
    stats: () => structuredClone(ctx.stats),
    resetStats: () => void (ctx.stats = emptyStats()),
  };
}
