import { describe, expect, test } from 'vitest';
import { compareOwners } from '../../../src/sync/email-owner.js';
import { contact } from './fake-ports.js';
import { definitionInput, saved, setup, waitForRun } from './service-helpers.js';

describe('one owner per email', () => {
  test('when owners are compared, then users come before leads, then the earliest created, then the smallest id', () => {
    const lead = contact(1, { role: 'lead', createdAt: 1 });
    const lateUser = contact(2, { role: 'user', createdAt: 9 });
    const earlyUser = contact(3, { role: 'user', createdAt: 5 });
    const twin = contact(4, { role: 'user', createdAt: 5 });
    expect([lead, lateUser, twin, earlyUser].sort(compareOwners).map((c) => c.id)).toEqual(['c0003', 'c0004', 'c0002', 'c0001']);
  });

  test('when a lead read on page 1 shares its email with a user on page 2, then the user owns it: run 1 corrects the name once, later runs write nothing and ask Intercom once each', async () => {
    const shared = 'shared@example.com';
    const people = [
      contact(1, { role: 'lead', email: shared, name: 'Lead Person', createdAt: 100 }),
      ...Array.from({ length: 8 }, (_, i) => contact(i + 2, { role: 'user' })),
      contact(10, { role: 'user', email: shared, name: 'User Person', createdAt: 200 }),
    ];
    const { service, rf, intercom } = await setup(people, { pageSize: 5 });
    const def = await saved(service, definitionInput({ schedule: { type: 'one_time' } }));
    const rfWrites = () => rf.calls.create + rf.calls.update;
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const before = { writes: rfWrites(), creates: rf.calls.create, searches: intercom.calls.searches };
      runs.push({ run: await waitForRun(service, (await service.startRun(def.id, { trigger: 'manual' })).run.id), writes: rfWrites() - before.writes, searches: intercom.calls.searches - before.searches });
    }
    // Run 1: the lead creates the referrer (no search before a create), the user (owner) then updates it.
    expect(runs[0]).toMatchObject({ writes: 10, searches: 1, run: { counts: { created: 9, updated: 1 } } });
    expect(rf.users.get(shared)?.firstName).toBe('User');
    // Runs 2 and 3: no RF write; the lead's differing name costs one search, the owner's none.
    for (const r of runs.slice(1)) expect(r).toMatchObject({ writes: 0, searches: 1, run: { counts: { updated: 0, created: 0, unchanged: 10 } } });
    expect(rf.users.get(shared)?.firstName).toBe('User');
  });
});
