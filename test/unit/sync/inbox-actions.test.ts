import { describe, expect, test } from 'vitest';
import { contact } from './fake-ports.js';
import { definitionInput, saved, setup, waitForRun } from './service-helpers.js';

describe('engine actions for the inbox and the scheduler', () => {
  test('when "Add as referrer" is used on a contact, then it is enrolled with the saved mapping and its link written back', async () => {
    const { service, intercom, rf } = await setup([contact(1), contact(2, { email: null })]);
    await saved(service, definitionInput());
    expect(await service.enrolContact('ws1', 'c0001')).toMatchObject({ kind: 'created', written: ['rf_link', 'rf_referrals', 'rf_converted'] });
    expect(await service.enrolContact('ws1', 'c0001')).toMatchObject({ kind: 'unchanged' });
    expect(await service.enrolContact('ws1', 'c0002')).toMatchObject({ kind: 'skipped', reason: 'no_email' });
    expect(await service.enrolContact('ws1', 'nope')).toMatchObject({ kind: 'skipped', reason: 'contact_not_found' });
    expect(rf.users.size).toBe(1);
    expect(intercom.byId.get('c0001')?.customAttributes.rf_link).toBe(rf.users.get('person1@example.com')?.url);
  });

  test('when a contact card is refreshed after new referrals, then RF is read live and only the changed count is written', async () => {
    const { service, intercom, rf } = await setup([contact(1), contact(2)]);
    await saved(service, definitionInput());
    await service.enrolContact('ws1', 'c0001');
    rf.users.get('person1@example.com')!.referrals = 3;
    const writes = intercom.calls.writes;
    const res = await service.refreshContact('ws1', 'c0001');
    expect(res).toMatchObject({ referrer: { email: 'person1@example.com', referrals: 3 }, written: ['rf_referrals'] });
    expect(intercom.calls.writes).toBe(writes + 1);
    expect(await service.refreshContact('ws1', 'c0001')).toMatchObject({ written: [] });
    expect(await service.refreshContact('ws1', 'c0002')).toEqual({ referrer: null, written: [], enrolment: { kind: 'ready' } });
  });

  test("when a teammate syncs a segment once, then only its members are enrolled with the saved mapping, and the wizard sync stays the workspace's", async () => {
    const { service, intercom, rf } = await setup([contact(1), contact(2), contact(3)]);
    const wizard = await saved(service, definitionInput());
    intercom.segments.set('seg_vip', new Set(['c0001', 'c0003']));
    const res = await service.runSegmentOnce('ws1', 'seg_vip', 'teammate', 'VIP');
    expect(res.started).toBe(true);
    const run = await waitForRun(service, res.run.id);
    expect(run).toMatchObject({ trigger: 'teammate', counts: { created: 2 } });
    expect([...rf.users.keys()].sort()).toEqual(['person1@example.com', 'person3@example.com']);
    const defs = (await service.listDefinitions('ws1'));
    expect(defs.find((d) => d.origin === 'segment_once')).toMatchObject({ audience: { kind: 'segment', segmentId: 'seg_vip', segmentName: 'VIP' }, schedule: { type: 'one_time' } });
    expect(await service.enrolContact('ws1', 'c0002')).toMatchObject({ kind: 'created' });
    expect((await service.getDefinition(wizard.id))?.audience).toEqual({ kind: 'all' });
  });

  test('when two segment ids differ only in characters an id cannot hold, then their one-off syncs get two definitions, never one (#12 obs. 5)', async () => {
    const { service, intercom } = await setup([contact(1)]);
    await saved(service, definitionInput());
    const ids = ['x/../../etc', 'x_______etc', 'x.._..-etc'];
    for (const id of ids) {
      intercom.segments.set(id, new Set(['c0001']));
      const res = await service.runSegmentOnce('ws1', id, 'teammate');
      await waitForRun(service, res.run.id);
    }
    const once = (await service.listDefinitions('ws1')).filter((d) => d.origin === 'segment_once');
    expect(once.map((d) => (d.audience.kind === 'segment' ? d.audience.segmentId : '')).sort()).toEqual([...ids].sort());
    expect(new Set(once.map((d) => d.id)).size).toBe(ids.length);
    for (const d of once) expect(d.id).toMatch(/^segment_[0-9a-f]{32}$/);
  });

  test('when the scheduler ticks, then a due ongoing sync starts once and the next run waits for its interval', async () => {
    const { service, advance } = await setup([contact(1)]);
    const def = await saved(service, definitionInput({ schedule: { type: 'ongoing', intervalMinutes: 30 } }));
    await saved(service, definitionInput({ schedule: { type: 'one_time' } }));
    await service.tick();
    await service.tick();
    const first = (await service.listRuns(def.id));
    expect(first).toHaveLength(1);
    await waitForRun(service, first[0]!.id);
    await service.tick();
    expect((await service.listRuns(def.id))).toHaveLength(1);
    advance(31 * 60_000);
    await service.tick();
    const runs = (await service.listRuns(def.id));
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ trigger: 'schedule', mode: 'incremental' });
    await waitForRun(service, runs[0]!.id);
    await service.setEnabled(def.id, false);
    advance(31 * 60_000);
    await service.tick();
    expect((await service.listRuns(def.id))).toHaveLength(2);
  });

  test('when a definition is saved with a target the campaign lacks, then it is refused; a valid one is stored and listed', async () => {
    const { service } = await setup([]);
    const bad = await service.saveDefinition(definitionInput({
      fieldMapping: [...definitionInput().fieldMapping, { to: 'f_unknown', from: { kind: 'standard', field: 'phone' }, transform: 'none' }],
    }));
    expect(bad).toMatchObject({ ok: false, errors: [{ path: 'fieldMapping.f_unknown', code: 'unknown_field' }] });
    const missingCampaign = await service.saveDefinition(definitionInput({ campaignId: 999 }));
    expect(missingCampaign).toMatchObject({ ok: false, errors: [{ code: 'campaign_not_found' }] });
    const good = await saved(service, definitionInput());
    expect((await service.listDefinitions('ws1')).map((d) => d.id)).toEqual([good.id]);
    expect(await service.deleteDefinition(good.id)).toBe(true);
    expect((await service.listDefinitions('ws1'))).toEqual([]);
  });
});
