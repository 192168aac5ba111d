import { decodeHTMLStrict } from 'entities';
import { z } from 'zod';
import type { ContactPage, ContactSummary } from './wire.js';

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

export type Me = z.infer<typeof MeSchema>;
export type RestContact = z.infer<typeof ContactSchema>;
export type RestAdmin = z.infer<typeof AdminListSchema>['admins'][number];

export interface WorkspaceApi {
  me(): Promise<Me>;
  admins(): Promise<RestAdmin[]>;
  getContact(id: string): Promise<RestContact>;
  listContacts(query: { q?: string; cursor?: string; perPage?: number }): Promise<ContactPage>;
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

  return {
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
