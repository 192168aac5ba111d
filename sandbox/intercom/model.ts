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
  custom_attributes: Record<string, AttrValue>;
  segmentIds: Set<string>;
  archived: boolean;
}

export interface DataAttribute {
  id?: number;
  name: string;
  full_name: string;
  label: string;
  description: string;
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
}

export interface Workspace {
  id: string;
  name: string;
  region: 'US' | 'EU' | 'AU';
  timezone: string;
  createdAt: number;
  /** Ordered by `seq` (ascending); never re-ordered, so cursors stay valid across writes. */
  contacts: StoredContact[];
  byId: Map<string, StoredContact>;
  attributes: DataAttribute[];
  segments: Segment[];
  admins: Admin[];
  nextSeq: number;
  nextAttributeId: number;
  /** Bumped on every write; search counts are cached per version. */
  version: number;
}

export const findContactIndex = (ws: Workspace, seq: number): number => {
  // First contact with seq > `seq` (binary search: contacts are sorted by seq).
  let lo = 0;
  let hi = ws.contacts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ws.contacts[mid] as StoredContact).seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
