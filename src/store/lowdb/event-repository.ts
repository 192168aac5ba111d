import {
  DEFAULT_EVENT_LIMITS, finishedRecord, isFinished, newRecord, eventIdOf,
  type EventLimits, type IncomingEvent, type IncomingEventRepository, type RecordResult,
} from '../../events/incoming-event.js';
import type { DbFile } from './db-schema.js';
import type { DocumentStore } from './document.js';

// Incoming events in the embedded document, bounded (EventLimits): finished ones are kept a day at
// most and 1,000 per workspace; unprocessed ones up to 5,000 per workspace (then refused, and the
// sender retries). A record is replaced whole, never edited in place: copies of the document share
// records (shared-records.ts), frozen.

const newer = (db: DbFile, e: Pick<IncomingEvent, 'source' | 'workspaceId' | 'subjectId' | 'subjectVersion'>): boolean =>
  e.subjectId !== null && e.subjectVersion !== null &&
  Object.values(db.events).some((o) => o.source === e.source && o.workspaceId === e.workspaceId && o.subjectId === e.subjectId && (o.subjectVersion ?? -Infinity) > e.subjectVersion!);

function prune(db: DbFile, workspaceId: string, now: number, limits: EventLimits): void {
  const finished: IncomingEvent[] = [];
  for (const e of Object.values(db.events)) {
    if (!isFinished(e)) continue;
    if ((e.finishedAt ?? e.receivedAt) < now - limits.finishedRetentionMs) delete db.events[e.id];
    else if (e.workspaceId === workspaceId) finished.push(e);
  }
  if (finished.length <= limits.maxFinishedPerWorkspace) return;
  finished.sort((a, b) => b.receivedAt - a.receivedAt);
  for (const e of finished.slice(limits.maxFinishedPerWorkspace)) delete db.events[e.id];
}

const has = (db: DbFile, id: string): boolean => Object.hasOwn(db.events, id);

export function lowdbEventRepository(doc: DocumentStore, limits: EventLimits = DEFAULT_EVENT_LIMITS): IncomingEventRepository {
  const list = (filter: (e: IncomingEvent) => boolean) => Object.values(doc.read().events).filter(filter);
  return {
    async record(input, now) {
      let result: RecordResult = { kind: 'full' };
      await doc.update((db) => {
        const id = eventIdOf(input.source, input.externalId);
        if (has(db, id)) {
          result = { kind: 'duplicate', event: structuredClone(db.events[id]!) };
          return;
        }
        const waiting = Object.values(db.events).filter((e) => e.workspaceId === input.workspaceId && !isFinished(e)).length;
        if (waiting >= limits.maxPendingPerWorkspace) return;
        const stale = newer(db, input);
        const event = newRecord(structuredClone(input), now, stale);
        db.events[id] = event;
        prune(db, input.workspaceId, now, limits);
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
        db.events[id] = next;
        taken = structuredClone(next);
      });
      return taken;
    },
    finish: (id, result, now) =>
      doc.update((db) => {
        if (has(db, id) && !isFinished(db.events[id]!)) db.events[id] = finishedRecord(db.events[id]!, result, now);
      }),
    hasNewer: async (e) => newer(doc.read(), e),
    listUnfinished: async (limit) =>
      structuredClone(list((e) => !isFinished(e)).sort((a, b) => a.receivedAt - b.receivedAt).slice(0, limit)),
    listRecent: async (workspaceId, limit) =>
      structuredClone(list((e) => e.workspaceId === workspaceId).sort((a, b) => b.receivedAt - a.receivedAt).slice(0, limit)),
    deleteByWorkspace: (workspaceId) =>
      doc.update((db) => {
        for (const e of Object.values(db.events)) if (e.workspaceId === workspaceId) delete db.events[e.id];
      }),
  };
}
