/** In-memory state of one sandbox Intercom workspace. Shapes follow Intercom's 2.14 REST API. */
export type AttrValue = string | number | boolean | null;
export type DataType = 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'datetime';

export interface StoredContact {
  /** Position in the workspace's contact order; cursors point at it. */
  seq: number;
  id: string;
  role: 'user' | 'lead';
  email: string | null;
  name: string | null;
  phone: string | null;
  external_id: string | null;
  owner_id: number | null;
  created_at: number;
  updated_at: number;
  signed_up_at: number | null;
  last_seen_at: number | null;
  unsubscribed_from_emails: boolean;
  /** Recorded on real 2.11 contacts (NangoHQ recordings), not in the 2.14 schema. */
  sms_consent: boolean;
  unsubscribed_from_sms: boolean;
  /** A URL or null: what real responses carry (the 2.14 schema's object form is wrong). */
  avatar: string | null;
  custom_attributes: Record<string, AttrValue>;
  segmentIds: Set<string>;
  /** The contact's companies (companies.ts), first one first. */
  companyIds?: string[];
  archived: boolean;
  /**
   * The versions search may still see (search-index.ts), oldest first; absent when search sees
   * the contact as it is (seeded contacts, and writes older than the index delay).
   */
  history?: ContactVersion[];
}

/** The contact as it was from `at` (stand-in ms) on; `snap` null: not in the index yet. */
export interface ContactVersion {
  at: number;
  snap: StoredContact | null;
}

export interface DataAttribute {
  id?: number;
  name: string;
  full_name: string;
  label: string;
  /** Absent on an attribute created without one (OAS-2.14 create example). */
  description?: string;
  data_type: DataType;
  model: 'contact' | 'company';
  custom: boolean;
  archived: boolean;
  api_writable: boolean;
  ui_writable: boolean;
  messenger_writable: boolean;
  options?: string[];
  admin_id?: string;
  created_at?: number;
  updated_at?: number;
}

export interface Segment {
  id: string;
  name: string;
  person_type: 'user' | 'contact';
  created_at: number;
  updated_at: number;
}

export interface Admin {
  id: string;
  name: string;
  email: string;
  /** Absent when the admin has none: real admin lists omit the key (the 2.14 schema types it string, not nullable). */
  job_title?: string;
}

export interface Workspace {
  id: string;
  name: string;
  region: 'US' | 'EU' | 'AU';
  timezone: string;
  createdAt: number;
  /** In creation order; the API's orders are computed per request (ordering.ts). */
  contacts: StoredContact[];
  byId: Map<string, StoredContact>;
  attributes: DataAttribute[];
  segments: Segment[];
  admins: Admin[];
  nextSeq: number;
  nextAttributeId: number;
  /** Bumped on every write. */
  version: number;
}
