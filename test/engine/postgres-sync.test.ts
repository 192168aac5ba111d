import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openPostgresRepositories, type PostgresRepositories } from '../../src/store/postgres/index.js';
import { createSyncService } from '../../src/sync/sync-service.js';
import { createTestDatabase, randomName, runPostgresTests, sql, type TestDatabase } from '../helpers/postgres.js';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { basicDefinition, norm, rfEmails, startStack, type Stack } from './harness.js';

// The engine, unchanged, on the PostgreSQL adapter: whole runs against both stand-ins over real HTTP.

type Row = Record<string, unknown> & { email: string | null; name?: string | null; archived: boolean };

// Whole runs over HTTP: on a busy two-core machine they take far longer than on a quiet one.
describe.skipIf(!runPostgresTests)('sync runs on PostgreSQL, against both stand-ins', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let stack: Stack | undefined;
  const opened: PostgresRepositories[] = [];
  const open = async (schema: string) => {
    const repos = await openPostgresRepositories({ connectionString: db.url, schema, max: 4 });
    opened.push(repos);
    return repos;
  };
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await stack?.close();
    await Promise.all(opened.splice(0).map((r) => r.close()));
  });
  afterAll(async () => db?.drop());

  test('when a sync runs twice, then every contact with an email is one referrer (one without a name too: the First Name fallback), the second run creates none, and the history is in PostgreSQL', async () => {
    const schema = randomName('t');
    stack = await startStack({ intercom: { seed: { contacts: 60 } }, repos: await open(schema) });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId));
    const first = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 50_000);
    const rows = (stack.ic.control.contacts() as Row[]).filter((c) => !c.archived);
    const expected = [...new Set(rows.filter((c) => c.email).map((c) => norm(c.email)))];
    expect(first).toMatchObject({ status: 'succeeded', processed: rows.length });
    expect(rfEmails(stack).sort()).toEqual(expected.sort());

    const second = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual', mode: 'full' })).run.id, 50_000);
    expect(second.status).toBe('succeeded');
    expect(second.counts.created).toBe(0);
    expect(rfEmails(stack)).toHaveLength(expected.length);

    const stored = await sql<{ id: string; status: string; definition: unknown }>(db.url, `SELECT id, status, definition FROM ${schema}.sync_runs ORDER BY seq DESC`);
    expect(stored).toEqual([{ id: second.id, status: 'succeeded', definition: null }, { id: first.id, status: 'succeeded', definition: null }]);
    const [state] = await sql<{ in_flight: unknown; last_completed_at: string | null }>(db.url, `SELECT in_flight, last_completed_at FROM ${schema}.sync_states WHERE sync_id = $1`, [def.id]);
    expect(state).toMatchObject({ in_flight: null, last_completed_at: expect.any(String) });
  });

  test('when two processes start the same sync at the same moment, then one run starts and both answer with it', async () => {
    const schema = randomName('t');
    stack = await startStack({ intercom: { seed: { contacts: 40 } }, repos: await open(schema) });
    const other = createSyncService({
      repos: await open(schema), clock: { now: () => stack!.ic.control.now() },
      contactsFor: async () => stack!.source, referralsFor: async () => stack!.directory, pageSize: 20,
    });
    try {
      const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId));
      const [a, b] = await Promise.all([stack.service.startRun(def.id, { trigger: 'manual' }), other.startRun(def.id, { trigger: 'teammate' })]);
      expect([a.started, b.started].sort()).toEqual([false, true]);
      expect(a.run.id).toBe(b.run.id);
      const done = await waitForRun(stack.service, a.run.id, 50_000);
      expect(done.status).toBe('succeeded');
      expect(await sql(db.url, `SELECT count(*)::int AS n FROM ${schema}.sync_runs`)).toEqual([{ n: 1 }]);
    } finally {
      await other.stop();
    }
  });
});
