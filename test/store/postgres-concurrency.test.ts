import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { migrate, openPostgresRepositories, type PostgresRepositories } from '../../src/store/postgres/index.js';
import { migrationsDir } from '../../src/store/postgres/migrate.js';
import { createTestDatabase, randomName, runPostgresTests, sql, type TestDatabase } from '../helpers/postgres.js';
import { definition, installation, run } from './repository-contract.js';

// What only a real database shows: several processes (here, pools) at once, the rule held by the
// server itself, and what the rows look like.

describe.skipIf(!runPostgresTests)('PostgreSQL adapter under concurrency', () => {
  let db: TestDatabase;
  let schema: string;
  let a: PostgresRepositories;
  let b: PostgresRepositories;
  beforeAll(async () => {
    db = await createTestDatabase();
    schema = randomName('t');
    [a, b] = await Promise.all([
      openPostgresRepositories({ connectionString: db.url, schema, max: 5 }),
      openPostgresRepositories({ connectionString: db.url, schema, max: 5 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await db?.drop();
  });
  const rows = (text: string, values: unknown[] = []) => sql(db.url, text.replaceAll('$schema', schema), values);

  it('when two pools claim runs of the same syncs at the same moment, then each sync gets exactly one, and the other claim gets it back as busy', async () => {
    const syncs = Array.from({ length: 20 }, (_, i) => `race_${i}`);
    for (const id of syncs) await a.definitions.put(definition(id));
    const results = await Promise.all(syncs.flatMap((id) => [a.runs.claim(run(`${id}_a`, id)), b.runs.claim(run(`${id}_b`, id))]));
    for (const id of syncs) {
      const mine = results.filter((r) => r.run.syncId === id);
      const started = mine.filter((r) => r.started);
      expect(started).toHaveLength(1);
      expect(mine.find((r) => !r.started)?.run.id).toBe(started[0]!.run.id);
      expect((await b.states.get(id)).inFlight?.runId).toBe(started[0]!.run.id);
    }
    const active = await rows(`SELECT sync_id, count(*)::int AS n FROM $schema.sync_runs WHERE status IN ('queued','running') GROUP BY sync_id`);
    expect(active).toHaveLength(20);
    expect(active.every((r) => r.n === 1)).toBe(true);
  });

  it('when a run ends in one pool while the other claims the next, then the next starts and never overlaps the first', async () => {
    await a.definitions.put(definition('relay'));
    await a.runs.claim(run('relay_1', 'relay'));
    const [, next] = await Promise.all([
      a.runs.finish('relay_1', { status: 'succeeded', endedAt: 1 }, () => {}),
      (async () => {
        for (let i = 0; ; i++) {
          const claim = await b.runs.claim(run(`relay_2_${i}`, 'relay'));
          if (claim.started) return claim;
          expect(claim.run.id).toBe('relay_1');
        }
      })(),
    ]);
    expect(next.run.id).toMatch(/^relay_2_/);
    expect((await a.runs.current('relay'))!.id).toBe(next.run.id);
    expect((await a.runs.get('relay_1'))!.status).toBe('succeeded');
  });

  it('when state updates come from two pools at once, then none is lost', async () => {
    await a.definitions.put(definition('shared'));
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).states.update('shared', (s) => void s.retryContactIds.push(`c${i}`))));
    expect((await a.states.get('shared')).retryContactIds).toHaveLength(30);
  });

  it('when installation updates and a first install come from two pools at once, then none is lost', async () => {
    await Promise.all([a, b].map((r, i) => r.installations.upsert('ws_race', (prev) => ({ ...installation('ws_race'), appAdmins: [...(prev?.appAdmins ?? []), `first_${i}`] }))));
    expect((await a.installations.get('ws_race'))!.appAdmins.sort()).toEqual(['first_0', 'first_1']);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).installations.update('ws_race', (inst) => void inst.appAdmins.push(`a${i}`))));
    expect((await a.installations.get('ws_race'))!.appAdmins).toHaveLength(12);
  });

  it('when a second active run of a sync is written around the adapter, then the database itself refuses it', async () => {
    await a.definitions.put(definition('direct'));
    await a.runs.claim(run('direct_1', 'direct'));
    const insert = `INSERT INTO $schema.sync_runs (id, sync_id, workspace_id, trigger, mode, status, processed, counts, issues, queued_at)
                    VALUES ('direct_2', 'direct', 'ws_1', 'manual', 'full', 'running', 0, '{}', '[]', 0)`;
    await expect(rows(insert)).rejects.toMatchObject({ code: '23505', constraint: 'sync_runs_one_active' });
  });

  it('when a run is claimed for a sync that does not exist (deleted meanwhile), then the claim fails as not_found and nothing is stored', async () => {
    const err = await a.runs.claim(run('orphan_1', 'gone')).catch((e: unknown) => e);
    expect(isAppError(err, 'not_found')).toBe(true);
    expect(await a.runs.get('orphan_1')).toBeNull();
    expect((await a.states.get('gone')).inFlight).toBeNull();
  });

  it('when secrets are stored, then the rows hold the sealed form exactly as handed over, never anything else', async () => {
    const sealed = { v: 1 as const, iv: 'aXYy', tag: 'dGFnMg==', data: 'c2VhbGVk' };
    await a.installations.upsert('ws_sealed', () => installation('ws_sealed', {
      accessToken: sealed, referralFactory: { apiKey: { ...sealed, data: 'a2V5' }, connectedBy: '1', connectedAt: 5 },
    }));
    const [row] = await rows(`SELECT access_token, referral_factory FROM $schema.installations WHERE workspace_id = 'ws_sealed'`);
    expect(row).toEqual({ access_token: sealed, referral_factory: { apiKey: { ...sealed, data: 'a2V5' }, connectedBy: '1', connectedAt: 5 } });
  });

  it('when a stored row no longer matches its schema, then reading it fails as store_corrupt naming the field, not the value', async () => {
    await a.installations.upsert('ws_bad', () => installation('ws_bad'));
    await rows(`UPDATE $schema.installations SET region = 'MARS-7' WHERE workspace_id = 'ws_bad'`);
    const err = await a.installations.get('ws_bad').catch((e: unknown) => e);
    expect(isAppError(err, 'store_corrupt')).toBe(true);
    expect((err as Error).message).toContain('region');
    expect((err as Error).message).not.toContain('MARS-7');
  });

  it('when two processes migrate the same schema at once, then one applies the migrations, the other waits and finds nothing to do', async () => {
    const fresh = randomName('m');
    const both = await Promise.all([migrate({ connectionString: db.url, schema: fresh }), migrate({ connectionString: db.url, schema: fresh })]);
    const all = readdirSync(migrationsDir()).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')).sort();
    expect(all[0]).toBe('0001_initial-schema');
    expect(both.map((names) => names.length).sort()).toEqual([0, all.length]);
    expect(both.flat()).toEqual(all);
    expect(await migrate({ connectionString: db.url, schema: fresh })).toEqual([]);
  });
});
