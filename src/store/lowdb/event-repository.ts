import {
  DEFAULT_EVENT_LIMITS, finishedRecord, isFinished, newRecord, eventIdOf,
  type EventLimits, type IncomingEvent, type IncomingEventRepository, type RecordResult,
} from '../../events/incoming-event.js';
import type { DbFile } from './db-schema.js';
import type { DocumentStore } from './document.js';
import { EventIndex } from './event-index.js';

// Incoming events in the embedded document, bounded (EventLimits): finished ones are kept a day at
// most and 1,000 per workspace; unprocessed ones up to 5,000 per workspace (then refused, and the
// sender retries). A record is replaced whole, never edited in place: copies of the document share
// records (shared-records.ts), frozen.

const indexes = new WeakMap<DocumentStore, { index: EventIndex | null }>();

const has = (db: Readonly<DbFile>, id: string): boolean => Object.hasOwn(db.events, id);

const scanNewer = (db: Readonly<DbFile>, e: Pick<IncomingEvent, 'source' | 'workspaceId' | 'subjectId' | 'subjectVersion'>): boolean =>
  e.subjectId !== null && e.subjectVersion !== null &&
  Object.values(db.events).some((o) => o.source === e.source && o.workspaceId === e.workspaceId && o.subjectId === e.subjectId && (o.subjectVersion ?? -Infinity) > e.subjectVersion!);

export function lowdbEventRepository(doc: DocumentStore, limits: EventLimits = DEFAULT_EVENT_LIMITS): IncomingEventRepository {
  const list = (filter: (e: IncomingEvent) => boolean) => Object.values(doc.read().events).filter(filter);
  // One index per document, whichever repository over it made the change.
  const held = indexes.get(doc) ?? { index: null };
  indexes.set(doc, held);
  /**
   * The index of `db`'s events. A change works on a copy of the saved document: the index of the
   * saved events holds for a copy no change has touched yet (only this repository changes events,
   * and each of its changes moves the index to the copy it changed). Anything else (a copy
   * abandoned after a failed write) is indexed afresh.
   */
  const indexOf = (db: Readonly<DbFile>): EventIndex => {
    let index = held.index;
    if (index?.map === db.events) return index;
    if (index?.map !== doc.read().events) index = held.index = new EventIndex(doc.read().events);
    index.map = db.events;
    return index;
  };
  /** Puts `next` in place of what `db` holds under its id, in the map and the index. */
  const put = (db: DbFile, next: IncomingEvent) => {
    const i = indexOf(db);
    const before = db.events[next.id];
    if (before) i.remove(before);
    db.events[next.id] = next;
    i.add(next);
  };
  /** Drops finished events past the retention (a pass over all, only when the index says one may be due) and beyond the workspace's number. */
  const prune = (db: DbFile, workspaceId: string, now: number) => {
    const cutoff = now - limits.finishedRetentionMs;
    if (indexOf(db).mayHaveFinishedBefore(cutoff)) {
      for (const e of Object.values(db.events)) if (isFinished(e) && (e.finishedAt ?? e.receivedAt) < cutoff) delete db.events[e.id];
      held.index = new EventIndex(db.events);
    }
    const i = indexOf(db);
    for (const e of i.finishedBeyond(workspaceId, limits.maxFinishedPerWorkspace)) {
      delete db.events[e.id];
      i.remove(e);
    }
  };
  return {
    async record(input, now) {
      let result: RecordResult = { kind: 'full' };
      await doc.update((db) => {
        const id = eventIdOf(input.source, input.externalId);
        if (has(db, id)) {
          result = { kind: 'duplicate', event: structuredClone(db.events[id]!) };
          return;
        }
        if (indexOf(db).waiting(input.workspaceId) >= limits.maxPendingPerWorkspace) return;
        const stale = indexOf(db).hasNewer(input);
        const event = newRecord(structuredClone(input), now, stale);
        put(db, event);
        prune(db, input.workspaceId, now);
        result = { kind: stale ? 'stale' : event.status === 'pending' ? 'stored' : 'settled', event: structuredClone(event) };
      });
      return result;
    },
    get: async (id) => (has(doc.read(), id) ? structuredClone(doc.read().events[id]!) : null),
    async claim(id, now, leaseMs) {
      let taken: IncomingEvent | null = null;
      await doc.update((db) => {
        const e = has(db, id) ? db.events[id]! : null;
        if (!e || isFinished(e) || (e.status === 'processing' && (e.leaseUntil ?? 0) > now)) return;
        const next: IncomingEvent = { ...e, status: 'processing', attempts: e.attempts + 1, leaseUntil: now + leaseMs };
        put(db, next);
        taken = structuredClone(next);
      });
      return taken;
    },
    finish: (id, result, now) =>
      doc.update((db) => {
        if (has(db, id) && !isFinished(db.events[id]!)) put(db, finishedRecord(db.events[id]!, result, now));
      }),
    // While a write is on its way the index describes the copy being saved: the saved events are scanned instead.
    hasNewer: async (e) => (held.index?.map === doc.read().events ? held.index.hasNewer(e) : scanNewer(doc.read(), e)),
    listUnfinished: async (limit) =>
      structuredClone(list((e) => !isFinished(e)).sort((a, b) => a.receivedAt - b.receivedAt).slice(0, limit)),
    listRecent: async (workspaceId, limit) =>
      structuredClone(list((e) => e.workspaceId === workspaceId).sort((a, b) => b.receivedAt - a.receivedAt).slice(0, limit)),
    deleteByWorkspace: (workspaceId) =>
      doc.update((db) => {
        for (const e of Object.values(db.events)) if (e.workspaceId === workspaceId) delete db.events[e.id];
        held.index = null;
      }),
  };
}
