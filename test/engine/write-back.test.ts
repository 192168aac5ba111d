import { afterEach, describe, expect, test } from 'vitest';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { basicDefinition, norm, startStack, type Stack } from './harness.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

type Row = Record<string, unknown> & { id: string; email: string | null; name: string | null; updated_at: number; custom_attributes: Record<string, unknown> };
const rows = (s: Stack) => s.ic.control.contacts() as Row[];

describe('write-back and incremental runs, against both stand-ins', () => {
  test('when a run writes back, then missing attributes are created with their types, and a second run rewrites nothing', async () => {
    // The seed's contacts sharing an email rewrite nothing either: one owner per email (#11.3).
    stack = await startStack({ intercom: { seed: { contacts: 50 } } });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId));
    expect(stack.ic.control.dataAttributes().find((a) => a.name === 'rf_link')).toBeUndefined();
    const first = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    expect(first.counts.failed).toBe(0);

    const types = Object.fromEntries(stack.ic.control.dataAttributes().filter((a) => a.name.startsWith('rf_')).map((a) => [a.name, a.data_type]));
    expect(types).toEqual({ rf_link: 'string', rf_referrals: 'integer', rf_converted: 'integer' });
    const enrolled = rows(stack).filter((c) => c.custom_attributes.rf_link);
    // Contacts sharing an email share the referrer: the owner's creates it, the others link to it.
    expect(enrolled).toHaveLength(first.counts.created + first.counts.linked + first.counts.updated);
    for (const c of enrolled) {
      const user = stack.rf.control.getUser(norm(c.email), 2);
      expect(c.custom_attributes).toMatchObject({ rf_link: user?.url, rf_referrals: 0, rf_converted: 0 });
    }

    stack.ic.control.settleIndex(); // search sees the first run's writes (the delay is not what this test is about)
    const before = new Map(rows(stack).map((c) => [c.id, c.updated_at]));
    const writes = stack.ic.control.stats().writes;
    const rfWrites = stack.rf.control.stats().writes;
    const second = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual', mode: 'full' })).run.id, 20_000);
    expect(second.counts).toMatchObject({ created: 0, updated: 0, linked: 0, unchanged: enrolled.length, failed: 0 });
    expect(stack.ic.control.stats().writes).toBe(writes);
    expect(stack.rf.control.stats().writes).toBe(rfWrites);
    for (const c of rows(stack)) expect(c.updated_at).toBe(before.get(c.id));
  });

  test('when a contact is updated later on the checkpoint\'s day, then the next incremental run picks it up (sandbox clock, day-granular search) and RF is only read, not called per contact', async () => {
    // The echo of run 1's writes re-reads every contact; those sharing an email do not flip their
    // referrer's first name (one owner per email, #11.3).
    stack = await startStack({ intercom: { seed: { contacts: 40 } } });
    const now = new Date(stack.ic.control.now());
    stack.ic.control.setNow(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 10));
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId, { schedule: { type: 'ongoing', intervalMinutes: 60 } }));
    const first = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    expect(first.mode).toBe('full');

    stack.ic.control.advance(3600); // 11:00, same calendar day as the checkpoint
    const target = rows(stack).find((c) => c.email && c.custom_attributes.rf_link)!;
    stack.ic.control.updateContact(target.id, { name: 'Zed Renamed' });
    stack.ic.control.settleIndex(); // 11:03: searchable, still the checkpoint's day
    const referrer = stack.rf.control.getUser(norm(target.email), 2)!;
    stack.rf.control.simulateReferral({ referrerId: referrer.id, count: 2, qualified: true });
    stack.rf.control.resetStats();

    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'schedule' })).run.id, 20_000);
    expect(run).toMatchObject({ mode: 'incremental', status: 'succeeded', counts: { updated: 1, created: 0, failed: 0 } });
    expect(stack.rf.control.getUser(referrer.id)?.first_name).toBe('Zed');
    expect(stack.ic.control.contact(target.id)?.custom_attributes).toMatchObject({ rf_referrals: 2, rf_converted: 2 });
    const byRoute = stack.rf.control.stats().byRoute;
    expect(byRoute['POST /users'] ?? 0).toBe(0);
    expect(byRoute['POST /users/search'] ?? 0).toBe(0);
  });

  test('when referrals happen in RF but no contact changes, then the ongoing run writes back just the changed counts', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 30 } } });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId, { schedule: { type: 'ongoing', intervalMinutes: 60 } }));
    await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    // Past the look-back under each checkpoint (15 min index lag + 1 min skew): contacts written by
    // a run are re-read by the next one, not by the one after.
    stack.ic.control.advance(1200);
    await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'schedule' })).run.id, 20_000); // absorbs the echo of run 1's writes
    stack.ic.control.advance(1200);
    const target = rows(stack).find((c) => c.custom_attributes.rf_link)!;
    stack.rf.control.simulateReferral({ referrerEmail: norm(target.email), campaignId: 2, count: 3 });
    stack.ic.control.resetStats();
    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'schedule' })).run.id, 20_000);
    expect(run).toMatchObject({ mode: 'incremental', refreshed: 1, counts: { created: 0, updated: 0, linked: 0 } });
    expect(stack.ic.control.stats().writes).toBe(1);
    // One pass over the audience (30 contacts, pages of 50): one read, not a second pass for the counts.
    const reads = Object.entries(stack.ic.control.stats().byRoute).filter(([route]) => /^(GET \/contacts|POST \/contacts\/search)$/.test(route));
    expect(reads.reduce((n, [, calls]) => n + calls, 0)).toBe(1);
    expect(stack.ic.control.contact(target.id)?.custom_attributes).toMatchObject({ rf_referrals: 3, rf_converted: 0 });
  });
});
