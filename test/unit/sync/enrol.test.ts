import { describe, expect, test } from 'vitest';
import { enrolContact, type EnrolContext } from '../../../src/sync/enrol.js';
import type { Referrer } from '../../../src/sync/ports.js';
import { campaign, contact, fakeIntercom, fakeRf } from './fake-ports.js';

const def: EnrolContext['def'] = {
  campaignId: campaign.id,
  fieldMapping: [
    { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
    { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'lowercase' },
  ],
  returnMapping: {},
};

async function context(knownLimit: number) {
  const intercom = fakeIntercom([], () => 1_700_000_000_000);
  const rf = fakeRf();
  const known = new Map<string, Referrer>();
  const ctx: EnrolContext = { def, campaign, source: intercom.source, directory: rf.directory, known, knownLimit };
  return { ctx, rf, known };
}

describe('enrolContact and the referrers a run remembers', () => {
  test('when a second contact has the email of one created earlier in the run, then it is linked without another RF call', async () => {
    const { ctx, rf, known } = await context(10);
    expect(await enrolContact(ctx, contact(1))).toMatchObject({ kind: 'created' });
    expect(await enrolContact(ctx, contact(2, { email: 'PERSON1@example.com', name: 'Person1 Example' }))).toMatchObject({ kind: 'unchanged', email: 'person1@example.com' });
    expect(rf.calls).toMatchObject({ create: 1, find: 0 });
    expect(known.size).toBe(1);
  });

  test('when the remembered referrers reach their limit, then no more are held, and a later duplicate is still linked through RF, not created twice', async () => {
    const { ctx, rf, known } = await context(1);
    await enrolContact(ctx, contact(1));
    expect(await enrolContact(ctx, contact(2))).toMatchObject({ kind: 'created' });
    expect(known.size).toBe(1);
    expect(await enrolContact(ctx, contact(3, { email: 'person2@example.com', name: 'Person2 Example' }))).toMatchObject({ kind: 'unchanged', email: 'person2@example.com' });
    expect(rf.calls).toMatchObject({ create: 3, find: 1 });
    expect(rf.users.size).toBe(2);
  });
});
