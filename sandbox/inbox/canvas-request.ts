import { createHash } from 'node:crypto';
import type { InputValues, Teammate } from './wire.js';
import type { RestContact } from './workspace-api.js';

// Canvas Kit request bodies for the Inbox location, as Intercom sends them
// (canvas-kit.md §4.1 initialize, §4.3 submit; shapes of admin/conversation from OAS 2.11).

export interface RequestContext {
  workspace: { id: string; region: string };
  teammate: Teammate;
  /** The teammate's REST admin model as the workspace API returns it, when known. */
  admin?: Record<string, unknown>;
  contact: RestContact;
  /** The REST Conversation from the Intercom stand-in; without one, a derived stand-alone one. */
  conversation?: Record<string, unknown>;
  now: number; // ms
}

export function initializeBody(ctx: RequestContext): Record<string, unknown> {
  return {
    workspace_id: ctx.workspace.id,
    workspace_region: ctx.workspace.region,
    admin: ctx.admin ?? restAdmin(ctx.teammate),
    conversation: ctx.conversation ?? restConversation(ctx),
    contact: ctx.contact,
  };
}

export function submitBody(
  ctx: RequestContext,
  submit: { componentId: string; currentCanvas: Record<string, unknown>; inputValues: InputValues },
): Record<string, unknown> {
  return {
    workspace_id: ctx.workspace.id,
    workspace_region: ctx.workspace.region,
    component_id: submit.componentId,
    current_canvas: submit.currentCanvas,
    input_values: submit.inputValues,
    admin: ctx.admin ?? restAdmin(ctx.teammate),
    conversation: ctx.conversation ?? restConversation(ctx),
    contact: ctx.contact,
  };
}

/** The REST Admin model (OAS 2.11 `admin`, all required keys present), for teammates the API does not list. */
export function restAdmin(t: Teammate): Record<string, unknown> {
  return {
    type: 'admin',
    id: t.id,
    name: t.name,
    email: t.email,
    job_title: null,
    away_mode_enabled: false,
    away_mode_reassign: false,
    has_inbox_seat: true,
    team_ids: [],
    avatar: null,
  };
}

/**
 * When the Intercom stand-in serves no conversations (a plain base URL without its control), the simulator opens one per contact: a stable
 * id derived from the contact id, started by the contact, assigned to the teammate viewing it.
 */
export function restConversation(ctx: RequestContext): Record<string, unknown> {
  const id = String(parseInt(createHash('sha256').update(ctx.contact.id).digest('hex').slice(0, 12), 16));
  const startedAt = Math.floor(ctx.now / 1000) - 3600;
  const author = {
    type: ctx.contact.role === 'lead' ? 'lead' : 'user',
    id: ctx.contact.id,
    name: ctx.contact.name ?? null,
    email: ctx.contact.email ?? '',
  };
  return {
    type: 'conversation',
    id,
    title: null,
    created_at: startedAt,
    updated_at: startedAt,
    waiting_since: startedAt,
    snoozed_until: null,
    open: true,
    state: 'open',
    read: true,
    priority: 'not_priority',
    admin_assignee_id: Number(ctx.teammate.id) || null,
    team_assignee_id: null,
    tags: { type: 'tag.list', tags: [] },
    conversation_rating: null,
    source: {
      type: 'conversation',
      id: `${id}0`,
      delivered_as: 'customer_initiated',
      subject: '',
      body: '<p>Hi, how do I invite my friends?</p>',
      author,
      attachments: [],
      url: null,
      redacted: false,
    },
    contacts: {
      type: 'contact.list',
      contacts: [{ type: 'contact', id: ctx.contact.id, external_id: ctx.contact['external_id'] ?? null }],
    },
    teammates: { type: 'admin.list', teammates: [] },
    custom_attributes: {},
    topics: { type: 'topic.list', topics: [], total_count: 0 },
    conversation_parts: { type: 'conversation_part.list', conversation_parts: [], total_count: 0 },
  };
}
