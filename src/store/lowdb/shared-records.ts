import type { DbFile } from './db-schema.js';

// Incoming events are the bulk of the document under a burst of webhooks (thousands of records)
// and are replaced whole, never edited in place (event-repository.ts). So a write neither clones
// nor re-serialises them: copies of the document share the records, frozen (an edit in place
// throws instead of changing the saved document unsaved), and each record's JSON is made once
// and kept while the record lives. Cloning and serialising every record for every write was the
// main cost of a burst (issue #15).

/** The copy a batch of changes is applied to: everything cloned but the events, whose map is copied and records shared. */
export function copyForChange(db: DbFile): DbFile {
  const { events, ...rest } = db;
  return { ...structuredClone(rest), events: { ...events } };
}

/** Freezes the records a change added (the others are frozen already). */
export function freezeRecords(db: DbFile): DbFile {
  for (const e of Object.values(db.events)) {
    if (Object.isFrozen(e)) continue;
    Object.freeze(e.detail);
    Object.freeze(e);
  }
  return db;
}

const recordText = new WeakMap<object, string>();
const EVENTS_LAST = '\n  "events": {}\n}';

/** Exactly `JSON.stringify(db, null, 2)` with `events` moved last, each event's text made once. */
export function documentText(db: DbFile): string {
  const { events, ...rest } = db;
  const head = JSON.stringify({ ...rest, events: {} }, null, 2);
  const ids = Object.keys(events);
  if (ids.length === 0) return `${head}\n`;
  const body = ids.map((id) => {
    const e = events[id]!;
    let text = Object.isFrozen(e) ? recordText.get(e) : undefined;
    if (text === undefined) {
      text = JSON.stringify(e, null, 2).replaceAll('\n', '\n    ');
      if (Object.isFrozen(e)) recordText.set(e, text);
    }
    return `    ${JSON.stringify(id)}: ${text}`;
  });
  return `${head.slice(0, -EVENTS_LAST.length)}\n  "events": {\n${body.join(',\n')}\n  }\n}\n`;
}
