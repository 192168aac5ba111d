import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { AppError } from '../../shared/errors.js';
import type { DbFile } from '../lowdb/db-schema.js';
import { migrate, unavailable, type MigrateOptions } from './migrate.js';
import { clientConfig, pgCode } from './pool.js';
import { fromRow, insertStatement, selectList, setList, type Column, type Table } from './table.js';
import { definitions as D, installations as I, runs as R, states as S, type SyncStateRow } from './tables.js';

// Moves an embedded store's document into PostgreSQL in one transaction (npm run migrate-store).
// Records are copied as they are — secrets stay the ciphertexts the install layer sealed. A record
// already in PostgreSQL and equal is left alone, so re-running with the same file changes
// nothing; one that differs is a conflict, refused unless `overwrite`.

export type Kind = 'installations' | 'definitions' | 'states' | 'runs' | 'usedTokens' | 'joinerContacts';

export interface KindReport {
  /** Inserted. */
  moved: number;
  /** Already there, equal. */
  same: number;
  /** Different in PostgreSQL and replaced (overwrite only). */
  replaced: number;
  /** Ids that differ in PostgreSQL (refused unless overwrite). */
  conflicts: string[];
  /** Ids skipped because their sync's definition is neither in the file nor in PostgreSQL. */
  orphans: string[];
}

export interface ImportReport {
  kinds: Record<Kind, KindReport>;
  /** False when conflicts stopped it: nothing was written. */
  written: boolean;
}

const emptyKind = (): KindReport => ({ moved: 0, same: 0, replaced: 0, conflicts: [], orphans: [] });

/** A record as it reads back from PostgreSQL (absent nullable fields read as null), for comparing. */
function normalized<T extends object>(t: Table<T>, record: T): unknown {
  const withNulls = { ...record } as Record<string, unknown>;
  for (const [key, c] of Object.entries<Column>(t.columns)) if (c.nullable && withNulls[key] === undefined) withNulls[key] = null;
  return JSON.parse(JSON.stringify(t.schema.parse(withNulls)));
}

export async function importDocument(o: MigrateOptions, doc: DbFile, opts: { overwrite: boolean }): Promise<ImportReport> {
  await migrate(o);
  const client = new pg.Client(clientConfig(o));
  try {
    await client.connect();
  } catch (err) {
    throw unavailable(err);
  }
  const kinds: Record<Kind, KindReport> = { installations: emptyKind(), definitions: emptyKind(), states: emptyKind(), runs: emptyKind(), usedTokens: emptyKind(), joinerContacts: emptyKind() };

  async function put<T extends object>(kind: Kind, t: Table<T>, record: T): Promise<void> {
    const report = kinds[kind];
    const keyColumn = t.columns[t.key].name;
    const id = String(record[t.key]);
    const { rows } = await client.query(`SELECT ${selectList(t)} FROM ${t.name} WHERE "${keyColumn}" = $1 FOR UPDATE`, [id]);
    if (!rows[0]) {
      await client.query(insertStatement(t, record));
      report.moved++;
    } else if (isDeepStrictEqual(JSON.parse(JSON.stringify(fromRow(t, rows[0]))), normalized(t, record))) {
      report.same++;
    } else if (opts.overwrite) {
      const set = setList(t, normalized(t, record) as Partial<T>, 2);
      await client.query(`UPDATE ${t.name} SET ${set.text} WHERE "${keyColumn}" = $1`, [id, ...set.values]);
      report.replaced++;
    } else {
      report.conflicts.push(id);
    }
  }

  try {
    await client.query('BEGIN');
    // Another import of the same database waits here instead of interleaving.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['referral-factory:migrate-store']);
    for (const inst of Object.values(doc.installations)) await put('installations', I, inst);
    for (const def of Object.values(doc.syncs)) await put('definitions', D, def);

    const known = new Set((await client.query<{ id: string }>('SELECT id FROM sync_definitions')).rows.map((r) => r.id));
    for (const [syncId, state] of Object.entries(doc.syncState)) {
      if (!known.has(syncId)) kinds.states.orphans.push(syncId);
      else await put<SyncStateRow>('states', S, { ...state, syncId });
    }
    // Oldest first, as the file keeps them, so the history's order carries over.
    for (const [syncId, runs] of Object.entries(doc.runs)) {
      for (const run of runs) {
        if (!known.has(syncId)) kinds.runs.orphans.push(run.id);
        else await put('runs', R, run);
      }
    }
    for (const [jti, expiresAt] of Object.entries(doc.usedTokens)) {
      // A spent token stays spent: the later expiry wins, nothing to refuse.
      const { rows } = await client.query<{ inserted: boolean }>(
        `INSERT INTO used_tokens (jti, expires_at) VALUES ($1, $2)
         ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(used_tokens.expires_at, EXCLUDED.expires_at)
         RETURNING (xmax = 0) AS inserted`,
        [jti, expiresAt],
      );
      if (rows[0]?.inserted) kinds.usedTokens.moved++;
      else kinds.usedTokens.same++;
    }

    // Contacts made for RF-page joiners (claims in progress are not copied: the embedded app is stopped).
    for (const [workspaceId, byUser] of Object.entries(doc.joinerContacts)) {
      for (const [rfUserId, rec] of Object.entries(byUser)) {
        if (!rec.contactId) continue;
        const { rows } = await client.query<{ contact_id: string | null }>(
          'SELECT contact_id FROM rf_joiner_contacts WHERE workspace_id = $1 AND rf_user_id = $2 FOR UPDATE', [workspaceId, Number(rfUserId)]);
        const id = `${workspaceId}/${rfUserId}`;
        if (!rows[0]) {
          await client.query('INSERT INTO rf_joiner_contacts (workspace_id, rf_user_id, contact_id, claimed_at) VALUES ($1, $2, $3, $4)', [workspaceId, Number(rfUserId), rec.contactId, rec.claimedAt]);
          kinds.joinerContacts.moved++;
        } else if (rows[0].contact_id === rec.contactId) {
          kinds.joinerContacts.same++;
        } else if (opts.overwrite) {
          await client.query('UPDATE rf_joiner_contacts SET contact_id = $3, claimed_at = $4 WHERE workspace_id = $1 AND rf_user_id = $2', [workspaceId, Number(rfUserId), rec.contactId, rec.claimedAt]);
          kinds.joinerContacts.replaced++;
        } else {
          kinds.joinerContacts.conflicts.push(id);
        }
      }
    }

    const refused = Object.values(kinds).some((k) => k.conflicts.length > 0);
    await client.query(refused ? 'ROLLBACK' : 'COMMIT');
    return { kinds, written: !refused };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if (pgCode(err) === '23505') {
      throw new AppError('store_corrupt', 'A sync would have two runs in flight (one in the file, another already in PostgreSQL): nothing was written; let one finish or cancel it, then run this again', { cause: err });
    }
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}
