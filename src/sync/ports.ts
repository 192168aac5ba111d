import type { Audience } from './definition.js';

/**
 * Ports the sync engine and the inbox use cases depend on. Integrations implement them;
 * nothing here knows about HTTP, the Intercom SDK or lowdb.
 * Adapters report failures by throwing AppError (src/shared/errors.ts) with codes:
 * upstream_auth_failed (401/403: the token is refused), upstream_permission_missing (Intercom's
 * token_unauthorized: the token lacks a permission), upstream_forbidden (Intercom's other 403s, e.g.
 * api_plan_restricted: the request is refused, the token stands), upstream_not_found (404), upstream_rejected (other 4xx, `status` set),
 * upstream_rate_limited (429 after retries), upstream_unavailable (408/5xx/network/timeout after retries),
 * upstream_invalid_response (a body that fails its wire schema).
 */

export type AttributeValue = string | number | boolean | null;

export interface IntercomContact {
  id: string;
  role: 'user' | 'lead';
  email: string | null;
  name: string | null;
  phone: string | null;
  externalId: string | null;
  createdAt: number;
  updatedAt: number;
  customAttributes: Record<string, AttributeValue>;
  /** Ids of the contact's companies as Intercom lists them (up to 10), first one first. */
  companyIds?: string[];
  /** The first company's name, once read (company-names.ts); absent: not read. */
  companyName?: string | null;
}

export interface ContactPage {
  contacts: IntercomContact[];
  /** Opaque cursor of the next page; null on the last page. */
  nextCursor: string | null;
  totalCount: number;
}

export type AttributeDataType = 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'datetime';

export interface AttributeInfo {
  /** For custom attributes, the key under `custom_attributes`; for standard ones, the field name. */
  name: string;
  label: string;
  dataType: AttributeDataType;
  custom: boolean;
  apiWritable: boolean;
  /**
   * A list attribute's options, null for any other: Intercom refuses every other value with a 400
   * (Intercom-OpenAPI PR #457), so a list attribute can hold no link and no count.
   */
  options: readonly string[] | null;
}

export interface SegmentInfo {
  id: string;
  name: string;
  personType: 'user' | 'contact';
  count: number | null;
}

export interface NewContact {
  role: 'lead' | 'user';
  email: string;
  name: string | null;
  customAttributes: Record<string, AttributeValue>;
}

export type CreateContactResult =
  | { kind: 'created'; contact: IntercomContact }
  | { kind: 'exists'; contactId: string; archived: boolean };

/** Intercom, for one workspace. */
export interface ContactSource {
  /**
   * One page of the audience. With `updatedSince`, only contacts Intercom reports as updated after
   * it (day-granular in stable API versions: callers must look back and de-duplicate).
   */
  pageAudience(
    audience: Audience,
    opts: { cursor: string | null; updatedSince?: number | null; perPage?: number },
  ): Promise<ContactPage>;
  getContact(id: string): Promise<IntercomContact | null>;
  /**
   * The contacts holding `email` (several may: a lead and a user, several users), oldest first, at
   * most one page (150). Search-backed: a contact created within the index delay may be missing.
   */
  findContactsByEmail(email: string): Promise<IntercomContact[]>;
  /**
   * Writes custom attribute values; the attributes must already exist. Answers the contact's
   * `updated_at` after the write (null when Intercom did not say): the webhook that echoes this
   * write carries the same value, which is how the app knows the echo for its own (echo-guard.ts).
   */
  updateCustomAttributes(id: string, values: Record<string, AttributeValue>): Promise<{ updatedAt: number | null }>;
  /**
   * Creates a lead or a user (POST /contacts) with the given attribute values (they must exist).
   * Sent once: a creation Intercom applied before its answer was lost must not be sent again.
   * Intercom's 409 `conflict` (a user with that email, or that external id, exists; also an archived
   * one) is an answer, not an error: `exists` with the contact Intercom named.
   */
  createContact(input: NewContact): Promise<CreateContactResult>;
  /** Ids of the segments the contact is in (`GET /contacts/{id}/segments`); empty for an unknown contact. */
  listContactSegmentIds(id: string): Promise<string[]>;
  listDataAttributes(): Promise<AttributeInfo[]>;
  createDataAttribute(name: string, dataType: 'string' | 'integer'): Promise<AttributeInfo>;
  listSegments(): Promise<SegmentInfo[]>;
  /** A company's name (GET /companies/{id}); null when Intercom does not know the company. */
  companyName(id: string): Promise<string | null>;
}

/** Intercom conversations, for one workspace: what the card needs to answer a customer. */
export interface ConversationReplies {
  /**
   * Replies in the conversation as the teammate (`admin_id`), as a customer-visible comment.
   * `body` is HTML (Intercom renders comment bodies as such). Throws upstream_not_found for a
   * conversation (or teammate) Intercom does not know, upstream_permission_missing without
   * "Write conversations".
   */
  replyAsAdmin(conversationId: string, adminId: string, body: string): Promise<void>;
}

export interface CampaignField {
  /** `first_name`, `email`, or the campaign's own field id. */
  id: string;
  label: string;
  type: 'input' | 'select';
  required: boolean;
  /** A select's choices, when Referral Factory lists them; a value must then be one of them. */
  choices?: string[];
}

export interface Campaign {
  id: number;
  name: string;
  status: string | null;
  /** The `person_referring` form fields. */
  fields: CampaignField[];
}

export interface Referrer {
  id: number;
  campaignId: number;
  email: string;
  firstName: string;
  code: string;
  /** The referral link. */
  url: string;
  /** Campaign fields by label. */
  meta: Record<string, string>;
  /** Present when read with analytics. */
  referrals: number | null;
  qualifiedReferrals: number | null;
}

/** Any RF user: a referrer (`person_referring`) or a person invited by one (`person_invited`, a lead). */
export interface RfUser extends Referrer {
  type: 'referrer' | 'invited';
  /** Who invited this person; null for a referrer. */
  referrerId: number | null;
  qualified: boolean;
  /** How the user came (RF's `source`: Direct, Referred, Api, Added, …); null when RF did not say. */
  source: string | null;
}

/** How a user is named: what an RF webhook carried (reference/referral-factory.md §2, GET /users/{identifier}). */
export type RfUserRef = { id: number } | { code: string } | { email: string; campaignId: number };

export interface NewReferrer {
  campaignId: number;
  firstName: string;
  email: string;
  /** Campaign fields sent as RF `meta`, by label. */
  meta: Record<string, string>;
}

export type CreateReferrerResult =
  | { kind: 'created'; referrer: Referrer }
  /** RF answered 422 because the email is already in the campaign. */
  | { kind: 'email_taken' };

/**
 * Whose call it is, within one RF key's budget: `interactive` (a person waits in the inbox: card,
 * Refresh, Add as referrer, Preview, the wizard's reads) goes first, `events` (webhook work) next,
 * `bulk` (a sync run) last. The caller chooses; the adapter never guesses.
 */
export type CallPriority = 'interactive' | 'events' | 'bulk';

/** Referral Factory, for one API key. */
export interface ReferralDirectory {
  listCampaigns(): Promise<Campaign[]>;
  getCampaign(id: number): Promise<Campaign>;
  findReferrerByEmail(campaignId: number, email: string): Promise<Referrer | null>;
  createReferrer(input: NewReferrer): Promise<CreateReferrerResult>;
  updateReferrer(id: number, patch: { firstName?: string; meta?: Record<string, string> }): Promise<Referrer>;
  /** Removes the referrer from its campaign (irreversible in RF); an unknown id is not an error. */
  deleteReferrer(id: number): Promise<void>;
  /** Referrers of a campaign with analytics (`with=user.analytics`), a page at a time. */
  pageReferrers(
    campaignId: number,
    opts: { page: number; perPage?: number },
  ): Promise<{ referrers: Referrer[]; nextPage: number | null }>;
  /** Any user (referrer or invited) with analytics; null when RF knows none. */
  getUser(ref: RfUserRef): Promise<RfUser | null>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}
