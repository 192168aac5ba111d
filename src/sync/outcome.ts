import type { ErrorCode } from '../shared/errors.js';
import type { MappedRecord } from './mapping.js';

export type SkipReason = 'no_email' | 'invalid_email' | 'required_field_empty' | 'contact_not_found';

/** What happened to one contact. A value, never an exception: one bad contact never stops a run. */
export type ContactOutcome =
  | { kind: 'created'; contactId: string; email: string; referrerId: number | null; written: string[] }
  | { kind: 'linked' | 'updated'; contactId: string; email: string; referrerId: number | null; written: string[] }
  | { kind: 'unchanged'; contactId: string; email: string; referrerId: number | null }
  | { kind: 'skipped'; contactId: string; email?: string; reason: SkipReason; message: string }
  | { kind: 'failed'; contactId: string; email?: string; code: ErrorCode; message: string };

/** A dry run's view of one contact: what would be sent to RF. */
export interface DryRunSample {
  contactId: string;
  email: string;
  fields: MappedRecord;
  outcome: ContactOutcome['kind'];
}
