import { IntercomClient, IntercomError } from 'intercom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SCOPES, startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { ErrorBody } from '../contract/intercom-openapi.js';

// Conversations and the reply endpoint of the Intercom stand-in, as the official SDK and a plain
// client see them: OAS-2.14 `POST /conversations/{conversation_id}/reply` and the refusals Intercom gives.

/** OAS-2.14 `conversation`, with the keys of its reply examples (strict: nothing else). */
const Author = z.object({ type: z.enum(['admin', 'user', 'lead']), id: z.string(), name: z.string().nullable(), email: z.string() }).strict();
const Part = z.object({
  type: z.literal('conversation_part'), id: z.string(), part_type: z.string(), body: z.string().nullable(), created_at: z.number().int(),
  updated_at: z.number().int(), notified_at: z.number().int(), assigned_to: z.null(), author: Author, attachments: z.array(z.unknown()),
  external_id: z.string().nullable(), redacted: z.boolean(), metadata: z.object({}), email_message_metadata: z.null(), app_package_code: z.string().nullable(),
}).strict();
const Conversation = z.object({
  type: z.literal('conversation'), id: z.string(), created_at: z.number().int(), updated_at: z.number().int(),
  waiting_since: z.number().int().nullable(), snoozed_until: z.number().int().nullable(),
  source: z.object({
    type: z.literal('conversation'), id: z.string(), delivered_as: z.string(), subject: z.string(), body: z.string(),
    author: Author, attachments: z.array(z.unknown()), url: z.string().nullable(), redacted: z.boolean(),
  }).strict(),
  contacts: z.object({ type: z.literal('contact.list'), contacts: z.array(z.object({ type: z.literal('contact'), id: z.string(), external_id: z.string().nullable() }).strict()) }).strict(),
  first_contact_reply: z.unknown(), admin_assignee_id: z.number().int().nullable(), team_assignee_id: z.number().int().nullable(),
  open: z.boolean(), state: z.enum(['open', 'closed', 'snoozed']), read: z.boolean(),
  tags: z.object({ type: z.literal('tag.list'), tags: z.array(z.unknown()) }).strict(), priority: z.enum(['priority', 'not_priority']),
  sla_applied: z.unknown(), statistics: z.unknown(), conversation_rating: z.unknown(), teammates: z.unknown(), title: z.string().nullable(),
  custom_attributes: z.record(z.string(), z.unknown()), topics: z.unknown(), ticket: z.unknown(),
  linked_objects: z.object({ type: z.literal('list'), data: z.array(z.unknown()), total_count: z.number().int(), has_more: z.boolean() }).strict(),
  ai_agent: z.unknown(), ai_agent_participated: z.boolean(),
  conversation_parts: z.object({ type: z.literal('conversation_part.list'), conversation_parts: z.array(Part), total_count: z.number().int() }).strict(),
}).strict();

let sb: IntercomSandbox;
let client: IntercomClient;
let contactId: string;
let conversationId: string;
const ADMIN_ID = '991267002';

beforeAll(async () => {
  sb = await startIntercomSandbox({ seed: { contacts: 10 } });
  client = new IntercomClient({ token: sb.accessToken, baseUrl: sb.url, maxRetries: 0 });
  contactId = (sb.control.contacts() as Array<{ id: string; email: string | null }>).find((c) => c.email)!.id;
  conversationId = String(sb.control.startConversation(contactId).id);
});
afterAll(() => sb.close());

const reply = (id: string, body: unknown, token = sb.accessToken) =>
  fetch(`${sb.url}/conversations/${id}/reply`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'intercom-version': '2.14' },
    body: JSON.stringify(body),
  });

describe('Intercom stand-in: conversations and replies', () => {
  it('when an admin replies through the SDK, then the answer is the conversation with the reply as its last part, and GET shows it', async () => {
    const res = await client.conversations.reply({
      conversation_id: conversationId,
      body: { message_type: 'comment', type: 'admin', admin_id: ADMIN_ID, body: '<p>Here is your link: https://rf.example/r/x</p>' },
    });
    const parsed = Conversation.parse(JSON.parse(JSON.stringify(res)));
    const last = parsed.conversation_parts.conversation_parts.at(-1)!;
    expect(last).toMatchObject({ part_type: 'comment', body: '<p>Here is your link: https://rf.example/r/x</p>', author: { type: 'admin', id: ADMIN_ID, name: 'Tom Teammate' } });
    expect(parsed.contacts.contacts[0]!.id).toBe(contactId);
    const read = await fetch(`${sb.url}/conversations/${conversationId}`, { headers: { authorization: `Bearer ${sb.accessToken}` } });
    expect(Conversation.parse(await read.json()).conversation_parts.total_count).toBe(parsed.conversation_parts.total_count);
  });

  it('when the conversation is unknown, then 404 not_found "Resource Not Found"', async () => {
    const res = await reply('999999999', { message_type: 'comment', type: 'admin', admin_id: ADMIN_ID, body: 'hi' });
    expect(res.status).toBe(404);
    expect(ErrorBody.parse(await res.json()).errors[0]).toEqual({ code: 'not_found', message: 'Resource Not Found' });
    await expect(client.conversations.find({ conversation_id: '999999999' })).rejects.toBeInstanceOf(IntercomError);
  });

  it('when the token lacks "Write conversations", then 401 token_unauthorized and nothing is added', async () => {
    const before = (sb.control.conversation(conversationId) as { conversation_parts: { total_count: number } }).conversation_parts.total_count;
    const token = sb.control.issueToken(undefined, [SCOPES.readUsers, SCOPES.readConversations]);
    const res = await reply(conversationId, { message_type: 'comment', type: 'admin', admin_id: ADMIN_ID, body: 'hi' }, token);
    expect(res.status).toBe(401);
    expect(ErrorBody.parse(await res.json()).errors[0]!.code).toBe('token_unauthorized');
    expect((sb.control.conversation(conversationId) as { conversation_parts: { total_count: number } }).conversation_parts.total_count).toBe(before);
  });

  it('when the body is wrong (no body for a comment, an unknown message type, no admin), then 400 parameter_invalid; an unknown admin is 404', async () => {
    for (const bad of [
      { message_type: 'comment', type: 'admin', admin_id: ADMIN_ID },
      { message_type: 'shout', type: 'admin', admin_id: ADMIN_ID, body: 'hi' },
      { message_type: 'comment', type: 'admin', body: 'hi' },
    ]) {
      const res = await reply(conversationId, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(ErrorBody.parse(await res.json()).errors[0]!.code).toBe('parameter_invalid');
    }
    const ghost = await reply(conversationId, { message_type: 'comment', type: 'admin', admin_id: '123', body: 'hi' });
    expect(ghost.status).toBe(404);
  });
});
