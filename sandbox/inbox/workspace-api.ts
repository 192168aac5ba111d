import { decodeHTMLStrict } from 'entities';
import { z } from 'zod';
import type { ContactPage, ContactSummary, ConversationView } from './wire.js';

// The simulator reads the workspace the way Intercom's own inbox would know it: the admin
// behind the token (GET /me) and full REST contacts. It talks to the Intercom stand-in
// over HTTP like any client, with the version header the SDK sends.

const MeSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  email: z.string(),
  app: z.object({ id_code: z.string(), region: z.string().optional() }),
});

const ContactSchema = z.looseObject({
  type: z.literal('contact'),
  id: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  role: z.string(),
});

const AdminListSchema = z.object({
  admins: z.array(z.looseObject({ type: z.literal('admin'), id: z.union([z.string(), z.number()]).transform(String), name: z.string(), email: z.string() })),
});

const ContactListSchema = z.object({
  data: z.array(ContactSchema),
  total_count: z.number(),
  pages: z
    .object({ next: z.object({ starting_after: z.string() }).nullish() })
    .nullish(),
});

const PartSchema = z.looseObject({
  part_type: z.string(),
  body: z.string().nullish(),
  created_at: z.number(),
  author: z.looseObject({ type: z.string(), name: z.string().nullish(), email: z.string().nullish() }),
});
const ConversationSchema = z.looseObject({
  type: z.literal('conversation'),
  id: z.union([z.string(), z.number()]).transform(String),
  source: z.looseObject({ body: z.string().nullish() }),
  conversation_parts: z.looseObject({ conversation_parts: z.array(PartSchema) }).nullish(),
});

export type Me = z.infer<typeof MeSchema>;
export type RestConversation = z.infer<typeof ConversationSchema>;
export type RestContact = z.infer<typeof ContactSchema>;
export type RestAdmin = z.infer<typeof AdminListSchema>['admins'][number];

export interface WorkspaceApi {
  me(): Promise<Me>;
  admins(): Promise<RestAdmin[]>;
  getContact(id: string): Promise<RestContact>;
  listContacts(query: { q?: string; cursor?: string; perPage?: number }): Promise<ContactPage>;
  /**
   * The contact's conversation (the stand-in's control starts one if the customer has none, as
   * opening a conversation in Intercom's inbox implies one exists), read through the REST API.
   */
  conversationOf(contactId: string): Promise<RestConversation>;
  getConversation(id: string): Promise<RestConversation>;
}

/** What the middle column shows of a conversation. */
export function conversationView(c: RestConversation): ConversationView {
  return {
    id: c.id,
    opening: c.source.body ?? '',
    parts: (c.conversation_parts?.conversation_parts ?? []).map((p) => ({
      author: p.author.name ?? p.author.email ?? p.author.type,
      authorType: p.author.type,
      partType: p.part_type,
      html: p.body ?? '',
      at: p.created_at,
    })),
  };
}

export function createWorkspaceApi(opts: { url: string; accessToken: string }): WorkspaceApi {
  const base = opts.url.replace(/\/$/, '');
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${opts.accessToken}`,
        accept: 'application/json',
        'intercom-version': '2.14',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`Intercom stand-in answered ${res.status} to ${method} ${path}`);
    return res.json();
  }

  const getConversation = async (id: string) => ConversationSchema.parse(await call('GET', `/conversations/${encodeURIComponent(id)}`));
  return {
    getConversation,
    async conversationOf(contactId) {
      const started = await fetch(`${base}/_sandbox/contacts/${encodeURIComponent(contactId)}/conversation`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
      if (!started.ok) throw new Error(`Intercom stand-in answered ${started.status} to starting a conversation`);
      return getConversation(String(((await started.json()) as { id: unknown }).id));
    },
    me: async () => MeSchema.parse(await call('GET', '/me')),
    admins: async () => AdminListSchema.parse(await call('GET', '/admins')).admins,
    getContact: async (id) =>
      ContactSchema.parse(await call('GET', `/contacts/${encodeURIComponent(id)}`)),
    async listContacts({ q, cursor, perPage = 25 }) {
      const term = q?.trim();
      const raw = term
        ? await call('POST', '/contacts/search', {
            query: {
              operator: 'OR',
              value: [
                { field: 'name', operator: '~', value: term },
                { field: 'email', operator: '~', value: term },
              ],
            },
            pagination: { per_page: perPage, ...(cursor ? { starting_after: cursor } : {}) },
          })
        : await call(
            'GET',
            `/contacts?per_page=${perPage}${cursor ? `&starting_after=${encodeURIComponent(cursor)}` : ''}`,
          );
      const page = ContactListSchema.parse(raw);
      return {
        contacts: page.data.map(summarise),
        next: page.pages?.next?.starting_after ?? null,
        total: page.total_count,
      };
    },
  };
}

/** What the inbox's list shows: the REST API escapes `name` (sandbox/intercom/README.md), Intercom's own inbox shows it as typed. */
function summarise(c: RestContact): ContactSummary {
  return { id: c.id, name: c.name ? decodeHTMLStrict(c.name) : null, email: c.email ?? null, role: c.role };
}
