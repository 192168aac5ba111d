import type { z } from 'zod';
import { AppError } from '../../shared/errors.js';

// How a domain record maps onto a table's columns, written once per table (./tables.ts) and used
// to build every statement, so a record is never half written. A column map must name every key of
// its record: a field added to a domain schema fails type-checking here until it has a column (and
// a migration that adds it).

type Kind = 'text' | 'int' | 'bool' | 'json';

export interface Column {
  name: string;
  kind: Kind;
  /** NULL reads back as `null` (a nullable field); otherwise NULL means the key is absent (an optional field). */
  nullable?: boolean;
}

export type ColumnMap<T> = { readonly [K in keyof Required<T>]: Column };

export interface Table<T extends object> {
  name: string;
  /** The record's key column. */
  key: keyof T & string;
  columns: ColumnMap<T>;
  schema: z.ZodType<T>;
  /** What the record is called in errors. */
  what: string;
}

const q = (name: string) => `"${name}"`;

/** `a."x", a."y"` — every column, in the map's order. */
export const selectList = <T extends object>(t: Table<T>, alias?: string): string =>
  Object.values<Column>(t.columns).map((c) => (alias ? `${alias}.${q(c.name)}` : q(c.name))).join(', ');

const toParam = (c: Column, value: unknown): unknown => {
  if (value === undefined || value === null) return null;
  // pg would send a JS array as a PostgreSQL array: JSONB columns get JSON text.
  return c.kind === 'json' ? JSON.stringify(value) : value;
};

function entries<T extends object>(t: Table<T>, record: Partial<T>, keys: Array<keyof T & string>) {
  return keys.map((k) => {
    const c = (t.columns as Record<string, Column>)[k];
    if (!c) throw new AppError('internal', `No column for ${t.what}.${k}`);
    return { column: q(c.name), value: toParam(c, record[k]) };
  });
}

const allKeys = <T extends object>(t: Table<T>) => Object.keys(t.columns) as Array<keyof T & string>;

/** Refuses to write a record its own schema would refuse to read back. */
function checked<T extends object>(t: Table<T>, record: T): T {
  const parsed = t.schema.safeParse(record);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || '(root)').join(', ');
    throw new AppError('internal', `Refusing to store an invalid ${t.what} (at ${where})`);
  }
  return record;
}

/** INSERT of a whole record; `onConflict` is appended as is. Parameters start at $1. */
export function insertStatement<T extends object>(t: Table<T>, record: T, onConflict = ''): { text: string; values: unknown[] } {
  const cols = entries(t, checked(t, record), allKeys(t));
  const text = `INSERT INTO ${q(t.name)} (${cols.map((c) => c.column).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) ${onConflict}`;
  return { text, values: cols.map((c) => c.value) };
}

/** INSERT, or replace every column of the row with the same key. */
export function upsertStatement<T extends object>(t: Table<T>, record: T): { text: string; values: unknown[] } {
  const key = t.columns[t.key].name;
  const set = Object.values<Column>(t.columns).filter((c) => c.name !== key).map((c) => `${q(c.name)} = EXCLUDED.${q(c.name)}`);
  return insertStatement(t, record, `ON CONFLICT (${q(key)}) DO UPDATE SET ${set.join(', ')}`);
}

/**
 * `SET` list for the keys present in `patch` (a key present with `undefined` clears its column),
 * with parameters from `$${first}`.
 */
export function setList<T extends object>(t: Table<T>, patch: Partial<T>, first: number): { text: string; values: unknown[] } {
  const keys = (Object.keys(patch) as Array<keyof T & string>).filter((k) => k !== t.key);
  const cols = entries(t, patch, keys);
  return { text: cols.map((c, i) => `${c.column} = $${first + i}`).join(', '), values: cols.map((c) => c.value) };
}

/** UPDATE of every column of a whole record, by its key. */
export function updateStatement<T extends object>(t: Table<T>, record: T): { text: string; values: unknown[] } {
  const set = setList(t, checked(t, record), 2);
  return { text: `UPDATE ${q(t.name)} SET ${set.text} WHERE ${q(t.columns[t.key].name)} = $1`, values: [record[t.key], ...set.values] };
}

/** A row back into its record, checked by the record's schema (a bad row is store_corrupt, naming where, never the values). */
export function fromRow<T extends object>(t: Table<T>, row: Record<string, unknown>): T {
  const record: Record<string, unknown> = {};
  for (const [key, c] of Object.entries<Column>(t.columns)) {
    const value = row[c.name];
    if (value === null || value === undefined) {
      if (c.nullable) record[key] = null;
    } else {
      record[key] = value;
    }
  }
  const parsed = t.schema.safeParse(record);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || '(root)').join(', ');
    throw new AppError('store_corrupt', `A stored ${t.what} does not match the expected shape (at ${where})`);
  }
  return parsed.data;
}
