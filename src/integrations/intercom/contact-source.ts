import { IntercomClient } from 'intercom-client';
import type { Intercom } from 'intercom-client';
import type { z } from 'zod';
import type { AttributeValue, ContactPage, ContactSource, ConversationReplies } from '../../sync/ports.js';
import { keepAliveFetch } from '../shared/keep-alive-fetch.js';
import { withRetries } from '../shared/retry.js';
import { UpstreamError } from '../shared/upstream-error.js';
import { AUDIENCE_SORT, audienceRequest } from './audience-query.js';
import { noAnswer, toUpstreamError } from './errors.js';
import { toAttributeInfo, toContact, toSegmentInfo } from './mapping.js';
import { sharedRateWindow, type RateWindow } from './rate-window.js';
import { CompanyWire, ContactListWire, ContactSegmentsWire, ContactWire, DataAttributeListWire, DataAttributeWire, RepliedConversationWire, SegmentListWire, UpdatedContactWire } from './schemas.js';

export interface IntercomContactSourceOptions {
  /** `https://api.intercom.io` (or the EU/AU host, or the sandbox). */
  baseUrl: string;
  token: string;
  /** `Intercom-Version`; default 2.14. */
  version?: string;
  /** Per request; default 20 000 ms (the SDK's own default). */
  timeoutMs?: number;
  /** SDK retries of 408/429/5xx, and our retries of timeouts and network errors; default 2. */
  maxRetries?: number;
  /** First delay of our retries (timeouts, network); tests shorten it. */
  retryMinDelayMs?: number;
  /** Called when the token is refused (revoked or invalid), e.g. to mark the installation disconnected; not for a missing permission. */
  onAuthFailure?: () => void;
  /** Default: keep-alive node:http (see keep-alive-fetch.ts). */
  fetch?: typeof fetch;
  /** The workspace's rate window; default this process's (the distributed mode shares it through Redis). */
  rateWindow?: RateWindow;
}

/**
 * Intercom's 409 on POST /contacts names the contact that holds the email or external id:
 * "A contact matching those details already exists with id=…", or "An archived contact matching …"
 * (developers.intercom.com 2.x create-contact page, "Example Errors"; Intercom-OpenAPI PR #543).
 */
const CONFLICT = /(An archived )?contact matching those details already exists with id=([A-Za-z0-9]+)/;

type Raw = { data: unknown; rawResponse: { headers: { get(name: string): string | null } } };

/** The permission each call needs, by the names of app-manifest.json's scopes (what the install screen shows). */
const NEEDS = {
  read: 'Read and list users and companies',
  writeContacts: 'Write users and companies',
  createAttributes: 'Write data attributes',
  replyToConversations: 'Write conversations',
} as const;

/** The ContactSource port over the official SDK (reference/intercom-api.md §8): the only way the app reaches Intercom. */
export function createIntercomContactSource(opts: IntercomContactSourceOptions): ContactSource & ConversationReplies {
  const maxRetries = opts.maxRetries ?? 2;
  const client = new IntercomClient({
    token: opts.token,
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    version: (opts.version ?? '2.14') as IntercomClient.Options['version'],
    timeoutInSeconds: (opts.timeoutMs ?? 20_000) / 1000,
    maxRetries,
    fetch: opts.fetch ?? keepAliveFetch,
  });
  const rateWindow = opts.rateWindow ?? sharedRateWindow(opts.baseUrl, opts.token);
  const secrets = [opts.token];

  /** `once`: no retry of ours (a write Intercom may have applied before the answer was lost). */
  async function call<S extends z.ZodType>(what: string, send: () => Promise<Raw>, schema: S, needs: string = NEEDS.read, once = false): Promise<z.infer<S>> {
    const raw = await withRetries(
      async () => {
        await rateWindow.waitTurn();
        try {
          const res = await send();
          rateWindow.observe(res.rawResponse.headers);
          return res.data;
        } catch (err) {
          rateWindow.observe((err as { rawResponse?: Raw['rawResponse'] }).rawResponse?.headers);
          throw toUpstreamError(err, secrets, needs);
        }
      },
      { retries: once ? 0 : maxRetries, ...(opts.retryMinDelayMs === undefined ? {} : { minDelayMs: opts.retryMinDelayMs }) },
      noAnswer,
    ).catch((err: unknown) => {
      if (err instanceof UpstreamError && err.code === 'upstream_auth_failed') opts.onAuthFailure?.();
      throw err;
    });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new UpstreamError('upstream_invalid_response', `Intercom ${what} returned an unexpected body (${where})`);
    }
    return parsed.data;
  }

  const paged = async (p: Promise<{ response: unknown; rawResponse: Raw['rawResponse'] }>): Promise<Raw> => {
    const page = await p;
    return { data: page.response, rawResponse: page.rawResponse };
  };

  return {
    async pageAudience(audience, { cursor, updatedSince, perPage = 150 }): Promise<ContactPage> {
      const { query, sort } = audienceRequest(audience, updatedSince);
      const per_page = Math.min(Math.max(perPage, 1), 150);
      const starting_after = cursor ?? undefined;
      // v7.0.3's SearchRequest has no `sort` (documented for search from 2.16, honoured by the API): the SDK sends the body as given.
      const request = { query, sort, pagination: { per_page, starting_after } } as Intercom.SearchRequest;
      const list = await call('POST /contacts/search', () => paged(client.contacts.search(request)), ContactListWire);
      return {
        contacts: list.data.map(toContact),
        nextCursor: list.pages?.next?.starting_after ?? null,
        totalCount: list.total_count ?? list.data.length,
      };
    },

    async getContact(id) {
      try {
        return toContact(await call('GET /contacts/{id}', () => client.contacts.find({ contact_id: id }).withRawResponse(), ContactWire));
      } catch (err) {
        if (err instanceof UpstreamError && err.code === 'upstream_not_found') return null;
        throw err;
      }
    },

    async findContactsByEmail(email) {
      // Whether search's `=` on email ignores case or spaces is not documented: ask for the address
      // as given, trimmed and lowercased (distinct values, one OR group).
      const forms = [...new Set([email, email.trim(), email.trim().toLowerCase()])].filter((f) => f !== '');
      const filters = forms.map((value) => ({ field: 'email', operator: '=', value }) as Intercom.SingleFilterSearchRequest);
      const query = (filters.length === 1 ? filters[0] : { operator: 'OR', value: filters }) as Intercom.SearchRequest.Query;
      const request = { query, sort: AUDIENCE_SORT, pagination: { per_page: 150 } } as Intercom.SearchRequest;
      const list = await call('POST /contacts/search', () => paged(client.contacts.search(request)), ContactListWire);
      return list.data.map(toContact);
    },

    async updateCustomAttributes(id, values: Record<string, AttributeValue>) {
      const send = () => client.contacts.update({ contact_id: id, custom_attributes: values }).withRawResponse();
      // Only that Intercom answered with the contact: a whole-contact parse on every write-back is
      // a good part of a sync's CPU per contact, for a value nobody reads.
      const updated = await call('PUT /contacts/{id}', send, UpdatedContactWire, NEEDS.writeContacts);
      return { updatedAt: updated.updated_at ?? null };
    },

    async createContact(input) {
      // OAS-2.14 create_contact_request; `role` with `email` (the SDK's union types them apart).
      const body = { role: input.role, email: input.email, ...(input.name ? { name: input.name } : {}), custom_attributes: input.customAttributes };
      // No SDK retry of a 5xx and none of ours on no answer: a lead created twice is a duplicate (leads may share an email).
      const send = () => client.contacts.create(body as Intercom.CreateContactRequest, { maxRetries: 0 }).withRawResponse();
      try {
        return { kind: 'created', contact: toContact(await call('POST /contacts', send, ContactWire, NEEDS.writeContacts, true)) };
      } catch (err) {
        const conflict = err instanceof UpstreamError && err.status === 409 ? CONFLICT.exec(err.message) : null;
        if (conflict?.[2]) return { kind: 'exists', contactId: conflict[2], archived: conflict[1] !== undefined };
        throw err;
      }
    },

    async listContactSegmentIds(id) {
      try {
        const send = () => client.contacts.listAttachedSegments({ contact_id: id }).withRawResponse();
        return ((await call('GET /contacts/{id}/segments', send, ContactSegmentsWire)).data ?? []).map((s) => s.id);
      } catch (err) {
        if (err instanceof UpstreamError && err.code === 'upstream_not_found') return [];
        throw err;
      }
    },

    async listDataAttributes() {
      const send = () => client.dataAttributes.list({ model: 'contact', include_archived: false }).withRawResponse();
      const list = await call('GET /data_attributes', send, DataAttributeListWire);
      return list.data.filter((a) => !a.archived).map(toAttributeInfo);
    },

    async createDataAttribute(name, dataType) {
      // v7.0.3's request type lacks name/model (intercom-node#513): cast, as reference/intercom-api.md §8 shows.
      const body = { name, model: 'contact', data_type: dataType, description: 'Written by Referral Factory for Intercom' };
      const send = () => client.dataAttributes.create(body as unknown as Intercom.CreateDataAttributeRequest).withRawResponse();
      return toAttributeInfo(await call('POST /data_attributes', send, DataAttributeWire, NEEDS.createAttributes));
    },

    async companyName(id) {
      try {
        const company = await call('GET /companies/{id}', () => client.companies.find({ company_id: id }).withRawResponse(), CompanyWire);
        return company.name?.trim() || null;
      } catch (err) {
        if (err instanceof UpstreamError && err.code === 'upstream_not_found') return null;
        throw err;
      }
    },

    async replyAsAdmin(conversationId, adminId, body) {
      // POST /conversations/{id}/reply, OAS-2.14 admin_reply_conversation_request: a `comment` is seen by the customer (a `note` is not).
      // Sent once (no SDK retry of a 5xx, none of ours on no answer): a reply that reached Intercom
      // would reach the customer twice. The teammate sees the failure and can press again.
      const request = { conversation_id: conversationId, body: { message_type: 'comment' as const, type: 'admin' as const, admin_id: adminId, body } };
      const send = () => client.conversations.reply(request, { maxRetries: 0 }).withRawResponse();
      await call('POST /conversations/{id}/reply', send, RepliedConversationWire, NEEDS.replyToConversations, true);
    },

    async listSegments() {
      const list = await call('GET /segments', () => client.segments.list({ include_count: true }).withRawResponse(), SegmentListWire);
      return (list.segments ?? []).map(toSegmentInfo);
    },
  };
}
