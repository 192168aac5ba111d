import type { ContactSource } from './ports.js';

// Intercom sends `contact.*.updated` for the app's own attribute writes too (reference/intercom-api.md
// §1.5, §6). The write's answer carries the contact's new `updated_at`, and the webhook that echoes
// it carries the same value: an event whose contact version is one the app's own write produced is
// that echo, and costs no RF call and no Intercom write. (A person's change in the same second as
// the app's write would be taken for the echo; the next incremental run still reads it.)

/** Versions the app's writes left contacts at, kept for a while (embedded: in memory; distributed: Redis). */
export interface RecentWrites {
  remember(workspaceId: string, contactId: string, version: number): Promise<void>;
  isOwnWrite(workspaceId: string, contactId: string, version: number): Promise<boolean>;
}

/** How long a write is remembered: Intercom's one retry comes a minute later; deliveries may lag more. */
export const RECENT_WRITE_TTL_MS = 60 * 60_000;

/** In this process, bounded (the oldest are forgotten first). Right for the embedded mode: one process per data file. */
export function memoryRecentWrites(o: { now: () => number; max?: number; ttlMs?: number } = { now: Date.now }): RecentWrites {
  const max = o.max ?? 50_000;
  const ttl = o.ttlMs ?? RECENT_WRITE_TTL_MS;
  const seen = new Map<string, number>();
  const key = (w: string, c: string, v: number) => JSON.stringify([w, c, v]);
  return {
    async remember(workspaceId, contactId, version) {
      const k = key(workspaceId, contactId, version);
      seen.delete(k);
      seen.set(k, o.now() + ttl);
      if (seen.size > max) seen.delete(seen.keys().next().value!);
    },
    async isOwnWrite(workspaceId, contactId, version) {
      const until = seen.get(key(workspaceId, contactId, version));
      return until !== undefined && until > o.now();
    },
  };
}

/** The source with every attribute write remembered (a failure to remember costs at most one echo, never the write). */
export function rememberingWrites<S extends ContactSource>(source: S, workspaceId: string, writes: RecentWrites, onError: (err: unknown) => void = () => {}): S {
  return {
    ...source,
    async updateCustomAttributes(id, values) {
      const result = await source.updateCustomAttributes(id, values);
      if (result.updatedAt !== null) await writes.remember(workspaceId, id, result.updatedAt).catch(onError);
      return result;
    },
    async createContact(input) {
      // The contact's `contact.*.created` notification carries the version it was created at.
      const result = await source.createContact(input);
      if (result.kind === 'created') await writes.remember(workspaceId, result.contact.id, result.contact.updatedAt).catch(onError);
      return result;
    },
  };
}
