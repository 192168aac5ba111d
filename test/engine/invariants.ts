import { expect } from 'vitest';
import { accountedFor, type SyncRun } from '../../src/sync/run-record.js';

/** Every run accounts for every contact it reads: processed = the outcome buckets + not changed. */
export function expectAccounted(run: SyncRun): void {
  expect({ processed: run.processed, buckets: accountedFor(run) }).toEqual({ processed: run.processed, buckets: run.processed });
}

type Row = Record<string, unknown> & { id: string; role: string; email: string | null; name: string | null; archived: boolean; segment_ids: string[] };
export const contactRows = (ic: { control: { contacts(): Array<Record<string, unknown>> } }): Row[] => ic.control.contacts() as Row[];
