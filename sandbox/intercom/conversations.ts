import { createHash } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { nowSeconds, type SandboxContext } from './context.js';
import { ApiRefusal } from './errors.js';
import type { Admin, StoredContact, Workspace } from './model.js';

// Conversations and replies (OAS-2.14 `GET /conversations/{conversation_id}`,
// `POST /conversations/{conversation_id}/reply`, schemas `conversation`, `conversation_part`,
// `reply_conversation_request`). The stand-in holds one conversation per contact that a
// customer "started" (control.startConversation, or the inbox simulator opening it).

export interface StoredPart {
  id: string;
  part_type: 'comment' | 'note' | 'quick_reply';
  body: string | null;
  created_at: number;
  author: { type: 'admin' | 'user' | 'lead'; id: string; name: string | null; email: string };
}

export interface StoredConversation {
  id: string;
  contactId: string;
  created_at: number;
  updated_at: number;
  /** The customer's opening message. */
  body: string;
  parts: StoredPart[];
}

const store = new WeakMap<Workspace, Map<string, StoredConversation>>();
const conversationsOf = (ws: Workspace): Map<string, StoredConversation> => {
  let m = store.get(ws);
  if (!m) store.set(ws, (m = new Map()));
  return m;
};

/** Numeric ids as Intercom's (`'524'`), stable per contact so a restarted stand-in gives the same one. */
const conversationIdFor = (contactId: string) => String(parseInt(createHash('sha256').update(contactId).digest('hex').slice(0, 12), 16));

/** The contact's conversation, started (with a customer's first message) if it has none yet. */
export function startConversation(ctx: SandboxContext, contactId: string, body = 'Hi, how do I invite my friends?'): StoredConversation {
  const contact = ctx.ws.byId.get(contactId);
  if (!contact || contact.archived) throw new ApiRefusal(404, 'not_found', 'User Not Found');
  const all = conversationsOf(ctx.ws);
  const id = conversationIdFor(contactId);
  let c = all.get(id);
  if (!c) {
    const at = nowSeconds(ctx) - 3600;
    c = { id, contactId, created_at: at, updated_at: at, body, parts: [] };
    all.set(id, c);
  }
  return c;
}

export const findConversation = (ws: Workspace, id: string): StoredConversation | undefined => conversationsOf(ws).get(id);

const contactAuthor = (c: StoredContact | undefined, id: string) =>
  ({ type: c?.role === 'lead' ? 'lead' : 'user', id, name: c?.name ?? null, email: c?.email ?? '' }) as const;
const adminAuthor = (a: Admin) => ({ type: 'admin', id: a.id, name: a.name, email: a.email }) as const;

/** The 2.14 `conversation` object with its parts (GET and the reply's answer carry them). */
export function conversationView(ws: Workspace, c: StoredConversation): Record<string, unknown> {
  const contact = ws.byId.get(c.contactId);
  // The keys of OAS-2.14's reply examples, in their order (the examples carry `topics` and `ticket`, the schema does not).
  return {
    type: 'conversation', id: c.id, created_at: c.created_at, updated_at: c.updated_at, waiting_since: null, snoozed_until: null,
    source: {
      type: 'conversation', id: `${c.id}0`, delivered_as: 'customer_initiated', subject: '', body: `<p>${c.body}</p>`,
      author: contactAuthor(contact, c.contactId), attachments: [], url: null, redacted: false,
    },
    contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: c.contactId, external_id: contact?.external_id ?? null }] },
    first_contact_reply: null, admin_assignee_id: null, team_assignee_id: null, open: true, state: 'open', read: false,
    tags: { type: 'tag.list', tags: [] }, priority: 'not_priority', sla_applied: null, statistics: null, conversation_rating: null,
    teammates: null, title: null, custom_attributes: {}, topics: {}, ticket: null,
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false }, ai_agent: null, ai_agent_participated: false,
    conversation_parts: {
      type: 'conversation_part.list',
      conversation_parts: c.parts.map((p) => ({
        type: 'conversation_part', id: p.id, part_type: p.part_type, body: p.body, created_at: p.created_at,
        updated_at: p.created_at, notified_at: p.created_at, assigned_to: null, author: p.author, attachments: [],
        external_id: null, redacted: false, metadata: {}, email_message_metadata: null, app_package_code: null,
      })),
      total_count: c.parts.length,
    },
  };
}

// `admin_id` is typed string, yet the spec's own request examples send a number (991267696): both are taken.
const Id = z.union([z.string().min(1), z.number().int()]).transform(String);
const AdminReply = z.object({
  type: z.literal('admin'),
  message_type: z.enum(['comment', 'note', 'quick_reply']),
  admin_id: Id,
  body: z.string().optional(),
  created_at: z.number().int().optional(),
  reply_options: z.array(z.object({ text: z.string(), uuid: z.string() })).optional(),
  attachment_urls: z.array(z.string().url()).max(10).optional(),
});
const ContactReply = z.object({
  type: z.enum(['user', 'lead', 'contact']).optional(),
  message_type: z.literal('comment'),
  body: z.string().optional(),
  intercom_user_id: z.string().optional(),
  email: z.string().optional(),
  user_id: z.string().optional(),
  created_at: z.number().int().optional(),
});

function partFromBody(ctx: SandboxContext, c: StoredConversation, raw: unknown): StoredPart {
  const at = nowSeconds(ctx);
  const id = `${c.id}${c.parts.length + 1}`;
  const asAdmin = AdminReply.safeParse(raw);
  if (asAdmin.success) {
    const r = asAdmin.data;
    // An admin that does not exist: 404 "Resource Not Found" (intercom/intercom-node #98, Intercom's answer).
    const admin = ctx.ws.admins.find((a) => a.id === r.admin_id);
    if (!admin) throw new ApiRefusal(404, 'not_found', 'Resource Not Found');
    if (r.message_type !== 'quick_reply' && !r.body?.trim()) throw new ApiRefusal(400, 'parameter_invalid', 'Body is required');
    if (r.message_type === 'quick_reply' && !r.reply_options?.length) throw new ApiRefusal(400, 'parameter_invalid', 'Reply options are required');
    return { id, part_type: r.message_type, body: r.body ?? null, created_at: r.created_at ?? at, author: adminAuthor(admin) };
  }
  const asContact = ContactReply.safeParse(raw);
  if (asContact.success && (raw as { type?: unknown }).type !== 'admin') {
    const r = asContact.data;
    const contact = ctx.ws.byId.get(c.contactId);
    const named = r.intercom_user_id === c.contactId || (r.email && r.email === contact?.email) || (r.user_id && r.user_id === contact?.external_id);
    if (!named) throw new ApiRefusal(404, 'not_found', 'Resource Not Found');
    if (!r.body?.trim()) throw new ApiRefusal(400, 'parameter_invalid', 'Body is required');
    return { id, part_type: 'comment', body: r.body, created_at: r.created_at ?? at, author: contactAuthor(contact, c.contactId) };
  }
  const issue = asAdmin.error.issues[0];
  throw new ApiRefusal(400, 'parameter_invalid', issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'Invalid reply');
}

export function conversationsRouter(ctx: SandboxContext): Router {
  const r = express.Router();
  const known = (id: string): StoredConversation => {
    const c = findConversation(ctx.ws, id);
    // Unknown ids: 404 "Resource Not Found" (OAS-2.14 example; intercom/intercom-node #142).
    if (!c) throw new ApiRefusal(404, 'not_found', 'Resource Not Found');
    return c;
  };
  r.get('/conversations/:id', (req, res) => void res.json(conversationView(ctx.ws, known(req.params.id))));
  r.post('/conversations/:id/reply', (req, res) => {
    const c = known(req.params.id);
    const part = partFromBody(ctx, c, req.body);
    c.parts.push(part);
    c.updated_at = part.created_at;
    ctx.stats.writes += 1;
    res.json(conversationView(ctx.ws, c));
  });
  return r;
}
