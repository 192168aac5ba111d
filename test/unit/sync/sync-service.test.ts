import { describe, expect, test } from 'vitest';
import { contact, type fakeRf } from './fake-ports.js';
import { definitionInput, saved, setup, waitForRun } from './service-helpers.js';

const many = (n: number) => Array.from({ length: n }, (_, i) => contact(i + 1));

/** Every RF create waits `ms` first, so the run is still going when the test acts on it. */
function slowCreates(rf: ReturnType<typeof fakeRf>, ms: number): void {
  const create = rf.directory.createReferrer.bind(rf.directory);
  rf.directory.createReferrer = async (input) => {
    await new Promise((r) => setTimeout(r, ms));
    return create(input);
  };
}

describe('sync service over in-memory ports', () => {
  test('when a definition misses a required RF field or maps a return value onto a wrong-typed attribute, then the errors come back as values', async () => {
    const { service, intercom } = await setup([]);
    await intercom.source.createDataAttribute('rf_referrals', 'string');
    const res = await service.saveDefinition(definitionInput({ fieldMapping: [{ to: 'first_name', from: { kind: 'standard', field: 'name' } }] }));
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors.map((e) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['fieldMapping.email', 'required_field_unmapped'],
        ['returnMapping.referrals_count', 'attribute_type_mismatch'],
      ]),
    );
    expect((await service.listDefinitions('ws1'))).toEqual([]);
  });

  test('when a full run ends, then every contact is created once, attributes are created and written, and the run record tells', async () => {
    const { service, intercom, rf } = await setup(many(25));
    const def = await saved(service, definitionInput());
    const start = await service.startRun(def.id, { trigger: 'manual' });
    expect(start.started).toBe(true);
    const run = await waitForRun(service, start.run.id);
    expect(run).toMatchObject({ status: 'succeeded', processed: 25, audienceSize: 25, counts: { created: 25, failed: 0 } });
    expect(rf.users.size).toBe(25);
    expect(intercom.attributes.map((a) => [a.name, a.dataType])).toEqual([['rf_link', 'string'], ['rf_referrals', 'integer'], ['rf_converted', 'integer']]);
    expect(intercom.byId.get('c0001')?.customAttributes).toEqual({ rf_link: expect.stringMatching(/^https:/), rf_referrals: 0, rf_converted: 0 });
    expect((await service.currentRun(def.id))).toBeNull();
  });

  test('when the same contacts are synced again in full, then nothing is duplicated or rewritten', async () => {
    const { service, intercom, rf } = await setup(many(12));
    const def = await saved(service, definitionInput({ schedule: { type: 'one_time' } }));
    await waitForRun(service, (await service.startRun(def.id, { trigger: 'manual' })).run.id);
    const writes = intercom.calls.writes;
    const second = await waitForRun(service, (await service.startRun(def.id, { trigger: 'manual' })).run.id);
    expect(second.counts).toMatchObject({ created: 0, unchanged: 12 });
    expect(intercom.calls.writes).toBe(writes);
    expect(rf.users.size).toBe(12);
  });

  test('when an email already is in the campaign, then the contact is linked and its changed fields updated', async () => {
    const { service, rf } = await setup([contact(1), contact(2)]);
    await rf.directory.createReferrer({ campaignId: 7, firstName: 'Person1', email: 'person1@example.com', meta: { Company: 'ext-1' } });
    await rf.directory.createReferrer({ campaignId: 7, firstName: 'Old', email: 'person2@example.com', meta: {} });
    const def = await saved(service, definitionInput());
    const run = await waitForRun(service, (await service.startRun(def.id, { trigger: 'manual' })).run.id);
    expect(run.counts).toMatchObject({ created: 0, linked: 1, updated: 1 });
    expect(rf.users.get('person2@example.com')).toMatchObject({ firstName: 'Person2', meta: { Company: 'ext-2' } });
    expect(rf.users.size).toBe(2);
  });

  test('when contacts lack an email or RF rejects one, then they are skipped or failed with reasons and the others still sync; the failed one is retried next run', async () => {
    const { service, rf } = await setup([contact(1), contact(2, { email: null }), contact(3)]);
    rf.calls.reject.add('person3@example.com');
    const def = await saved(service, definitionInput());
    const run = await waitForRun(service, (await service.startRun(def.id, { trigger: 'manual' })).run.id);
    expect(run.status).toBe('finished_with_errors');
    expect(run.counts).toMatchObject({ created: 1, skipped: 1, failed: 1 });
    expect(run.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ contactId: 'c0002', kind: 'skipped', code: 'no_email' }),
        expect.objectContaining({ contactId: 'c0003', kind: 'failed', code: 'upstream_rejected' }),
      ]),
    );
    rf.calls.reject.clear();
    const retry = await waitForRun(service, (await service.startRun(def.id, { trigger: 'retry', mode: 'retry_failed' })).run.id);
    expect(retry).toMatchObject({ status: 'succeeded', processed: 1, counts: { created: 1 } });
    expect(rf.users.size).toBe(2);
  });

  test('when RF answers 401, then the run stops as failed with upstream_auth_failed instead of failing contact by contact', async () => {
    const { service, rf } = await setup(many(30));
    const def = await saved(service, definitionInput());
    rf.calls.authFail = true;
    const run = await waitForRun(service, (await service.startRun(def.id, { trigger: 'manual' })).run.id);
    expect(run.status).toBe('failed');
    expect(run.failureReason).toMatch(/^upstream_auth_failed/);
    expect(run.counts.failed).toBe(0);
  });

  test('when three starts race, then exactly one run starts and the others report busy with it', async () => {
    const { service } = await setup(many(30));
    const def = await saved(service, definitionInput());
    const results = await Promise.all([
      service.startRun(def.id, { trigger: 'manual' }),
      service.startRun(def.id, { trigger: 'schedule' }),
      service.startRun(def.id, { trigger: 'teammate' }),
    ]);
    const started = results.filter((r) => r.started);
    expect(started).toHaveLength(1);
    expect(results.filter((r) => !r.started).every((r) => r.run.id === started[0]?.run.id)).toBe(true);
    await waitForRun(service, started[0]!.run.id);
    expect((await service.listRuns(def.id))).toHaveLength(1);
  });

  test('when an ongoing sync runs again, then only contacts updated after the checkpoint reach RF and changed counts are written back', async () => {
    const { service, intercom, rf, advance } = await setup(many(20));
    const def = await saved(service, definitionInput());
    await waitForRun(service, (await service.startRun(def.id, { trigger: 'manual' })).run.id);
    advance(3_600_000);
    const changed = intercom.byId.get('c0005')!;
    changed.name = 'Renamed Person';
    changed.updatedAt = 1_700_100_000 + 3_600;
    rf.users.get('person9@example.com')!.referrals = 4;
    const calls = { create: rf.calls.create, find: rf.calls.find };
    const run = await waitForRun(service, (await service.startRun(def.id, { trigger: 'schedule' })).run.id);
    expect(run.mode).toBe('incremental');
    // Every contact's updated_at moved when run 1 wrote to it: all are re-read, but checked against the
    // referrers paged from RF, so no per-contact RF call happens.
    expect(run.counts).toMatchObject({ updated: 1, failed: 0, created: 0 });
    expect(rf.calls.create + rf.calls.find - calls.create - calls.find).toBe(0);
    expect(rf.users.get('person5@example.com')?.firstName).toBe('Renamed');
    expect(intercom.byId.get('c0009')?.customAttributes.rf_referrals).toBe(4);

    advance(3_600_000);
    rf.users.get('person11@example.com')!.qualifiedReferrals = 2;
    const third = await waitForRun(service, (await service.startRun(def.id, { trigger: 'schedule' })).run.id);
    expect(third).toMatchObject({ mode: 'incremental', notChanged: 18, refreshed: 1, counts: { updated: 0, created: 0, linked: 0, unchanged: 2 } });
    expect(intercom.byId.get('c0011')?.customAttributes.rf_converted).toBe(2);
  });

  test('when a contact changes later on the checkpoint\'s own day, then the next incremental run picks it up despite day-granular search', async () => {
    const day = 86_400;
    const nineAm = 19_700 * day + 9 * 3600;
    const { service, intercom, rf, advance, clock } = await setup(many(6).map((c) => ({ ...c, updatedAt: nineAm - day })));
    advance(nineAm * 1000 - clock.now());
    const def = await saved(service, definitionInput({ returnMapping: {} }));
    await waitForRun(service, (await service.startRun(def.id, { trigger: 'manual' })).run.id);
    advance(2 * 3600 * 1000);
    const changed = intercom.byId.get('c0003')!;
    changed.name = 'Changed Name';
    changed.updatedAt = Math.floor(clock.now() / 1000);
    const run = await waitForRun(service, (await service.startRun(def.id, { trigger: 'schedule' })).run.id);
    expect(run).toMatchObject({ mode: 'incremental', audienceSize: 1, counts: { updated: 1, created: 0, unchanged: 0 } });
    expect(rf.users.get('person3@example.com')?.firstName).toBe('Changed');
    // A plain `updated_at > checkpoint` would have skipped the rest of the day:
    const checkpoint = nineAm - 60;
    expect((await intercom.source.pageAudience({ kind: 'all' }, { cursor: null, updatedSince: checkpoint })).contacts).toHaveLength(0);
  });

  test('when a run is cancelled, then it ends as cancelled and the sync is free again', async () => {
    const { service, rf } = await setup(many(40), { pageSize: 5 });
    const def = await saved(service, definitionInput());
    slowCreates(rf, 5);
    const { run } = await service.startRun(def.id, { trigger: 'manual' });
    await new Promise((r) => setTimeout(r, 20));
    await service.cancelRun(def.id);
    const ended = await waitForRun(service, run.id);
    expect(ended.status).toBe('cancelled');
    expect(ended.processed).toBeLessThan(40);
    expect((await service.startRun(def.id, { trigger: 'manual' })).started).toBe(true);
    await service.stop();
  });

  test('when a run is going, then its progress can be read at any moment, before its first page is saved', async () => {
    const { service, rf } = await setup(many(40), { pageSize: 40 });
    const def = await saved(service, definitionInput());
    slowCreates(rf, 3);
    const { run } = await service.startRun(def.id, { trigger: 'manual' });
    let seen = (await service.getRun(run.id));
    while (seen && seen.processed === 0) {
      await new Promise((r) => setTimeout(r, 2));
      seen = (await service.getRun(run.id));
    }
    expect(seen).toMatchObject({ status: 'running', audienceSize: 40 });
    expect(seen?.processed).toBeLessThan(40);
    expect(seen).not.toHaveProperty('definition');
    expect((await waitForRun(service, run.id)).processed).toBe(40);
  });

  test('when a dry run is asked, then it reports outcomes and samples without writing anything', async () => {
    const { service, intercom, rf } = await setup([contact(1), contact(2, { email: null }), contact(3)]);
    await rf.directory.createReferrer({ campaignId: 7, firstName: 'Person3', email: 'person3@example.com', meta: { Company: 'ext-3' } });
    const report = await service.dryRun(definitionInput());
    expect(report).toMatchObject({ scanned: 3, checked: 2, counts: { created: 1, skipped: 1, linked: 1 } });
    expect(report.samples[0]).toMatchObject({ contactId: 'c0001', fields: { firstName: 'Person1', email: 'person1@example.com', meta: { Company: 'ext-1' } } });
    expect(rf.users.size).toBe(1);
    expect(intercom.calls.writes).toBe(0);
    expect(intercom.attributes).toEqual([]);
  });
});
