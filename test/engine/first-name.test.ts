import { afterEach, describe, expect, test } from 'vitest';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { BASIC_CAMPAIGN, basicDefinition, norm, startStack, type Stack } from './harness.js';
import { contactRows } from './invariants.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

describe('First Name fallback (issue #11, observation 4)', () => {
  test('when a user has an email and name: null, then the default fallback enrols them with the part of the email before @; "skip" skips them with the reason', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 20 } } });
    const s = stack;
    const nameless = contactRows(s.ic).find((c) => c.role === 'user' && c.email && c.name === null)!;
    expect(nameless).toBeDefined();

    const skipping = await saved(s.service, basicDefinition(s.ic.workspaceId, { firstNameFallback: { kind: 'skip' } }));
    const skipped = await waitForRun(s.service, (await s.service.startRun(skipping.id, { trigger: 'manual' })).run.id, 20_000);
    expect(skipped.issues).toContainEqual(expect.objectContaining({ contactId: nameless.id, kind: 'skipped', code: 'required_field_empty', message: 'Required field empty: First Name' }));
    expect(s.rf.control.getUser(norm(nameless.email), BASIC_CAMPAIGN)).toBeNull();

    const def = await saved(s.service, { ...basicDefinition(s.ic.workspaceId), id: skipping.id });
    expect(def.firstNameFallback).toBeUndefined(); // the default: the email before @
    const run = await waitForRun(s.service, (await s.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    expect(run.issues.map((i) => i.contactId)).not.toContain(nameless.id);
    const local = norm(nameless.email).split('@')[0];
    expect(s.rf.control.getUser(norm(nameless.email), BASIC_CAMPAIGN)?.first_name).toBe(local);
    expect(s.ic.control.contact(nameless.id)?.custom_attributes).toMatchObject({ rf_link: expect.stringMatching(/^http/) });
  }, 30_000);
});
