import { AppError } from '../../shared/errors.js';
import { DB_VERSION } from './db-schema.js';

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[n] turns a version-n document into version n+1. Append only. */
const MIGRATIONS: Record<number, Migration> = {};

export function migrate(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  let doc = raw as Record<string, unknown>;
  let version = typeof doc.version === 'number' ? doc.version : NaN;
  if (version > DB_VERSION) {
    throw new AppError('store_corrupt', `The data file has version ${version}, newer than this app (${DB_VERSION})`);
  }
  while (version < DB_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) break; // the schema check then reports the unknown version
    doc = { ...step(doc), version: version + 1 };
    version += 1;
  }
  return doc;
}
