import { afterEach, describe, expect, test } from 'vitest';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { basicDefinition, norm, rfEmails, startStack, type Stack } from './harness.js';
import { expectAccounted } from './invariants.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

const MIN = 60;

describe("Intercom's search-index delay (issue #11, observation 7)", () => {
  test('when a contact is created 3 minutes before an incremental run and search lags 5 minutes, then the next incremental run enrols it, and nothing is enrolled twice', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 40 }, behaviour: { searchIndexDelaySeconds: 5 * MIN } } });
    const s = stack;
    const def = await saved(s.service, basicDefinition(s.ic.workspaceId, { schedule: { type: 'ongoing', intervalMinutes: 60 } }));
    const run = async () => waitForRun(s.service, (await s.service.startRun(def.id, { trigger: 'schedule' })).run.id, 20_000);
    expect((await run()).mode).toBe('full');

    s.ic.control.advance(60 * MIN);
    const fresh = s.ic.control.createContact({ role: 'user', email: 'fresh@example.test', name: 'Fresh Person' });
    s.ic.control.advance(3 * MIN);
    const before = rfEmails(s).length;
    s.rf.control.resetStats();

    const blind = await run(); // the search does not see the new contact yet
    expect(blind.mode).toBe('incremental');
    expectAccounted(blind);
    expect(rfEmails(s)).not.toContain('fresh@example.test');

    s.ic.control.advance(60 * MIN);
    const next = await run();
    expect(next.mode).toBe('incremental');
    expectAccounted(next);
    expect(next.counts.created).toBe(1);
    expect(rfEmails(s)).toContain('fresh@example.test');
    expect(s.ic.control.contact(fresh.id as string)?.custom_attributes).toMatchObject({ rf_link: expect.stringMatching(/^http/) });

    // No duplicate referrer, and the only RF write of both runs is the one create.
    const emails = rfEmails(s);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.length).toBe(before + 1);
    expect(s.rf.control.stats().writes).toBe(1);
    expect(norm(fresh.email)).toBe('fresh@example.test');
  }, 60_000);
});
