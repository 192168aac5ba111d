import { afterEach, describe, expect, test } from 'vitest';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { MAIN_CAMPAIGN_ID as RF_MAIN_CAMPAIGN } from '../../sandbox/referral-factory/index.js';
import { basicDefinition, norm, rfEmails, startStack, type Stack } from './harness.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

type Row = { id: string; email: string | null; name: string | null; custom_attributes: Record<string, unknown> };

describe('RF pacing and faults, against both stand-ins', () => {
  // The RF stand-in and the client's budget share a window scaled down from RF's 600 per minute to
  // 20 per 200 ms (100/s), below what this machine does unpaced with 16 contacts in flight (an
  // unpaced client drew dozens of 429s from the same stand-in in 300 calls), so the budget binds
  // for the whole run; it takes ~25 s on two cores. The stand-in counts every 429 it sends.
  test('when 2,000 contacts are synced, then RF never answers 429 and every contact with an email becomes one referrer', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 2000, customAttributes: 2 } }, rfCallsPerWindow: 20, rfWindowMs: 200, pageSize: 150, concurrency: 16 });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId, { returnMapping: {} }));
    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 80_000);
    expect(run).toMatchObject({ status: 'succeeded', processed: 2000, audienceSize: 2000, counts: { failed: 0 } });
    expect(run.counts.created).toBeGreaterThan(1500);
    const stats = stack.rf.control.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.blockedKeys).toEqual([]);
    expect(new Set(rfEmails(stack)).size).toBe(run.counts.created);
    // One create per referrer; a contact sharing an email with one enrolled in parallel may cost one
    // more (create → email_taken → link), never a second referrer.
    const emails = (stack.ic.control.contacts() as Array<{ email: string | null }>).filter((c) => c.email).map((c) => norm(c.email));
    expect(stats.byRoute['POST /users']).toBeGreaterThanOrEqual(run.counts.created);
    expect(stats.byRoute['POST /users']).toBeLessThanOrEqual(run.counts.created + emails.length - new Set(emails).size);
  }, 90_000);

  test('when RF answers 5xx and 429 now and then, then retries absorb them and no contact is lost or duplicated', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 60 } } });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId));
    stack.rf.control.injectFaults({ status: 503, count: 2, match: 'POST /users' });
    stack.rf.control.injectFaults({ status: 500, count: 1, match: 'POST /users' });
    stack.rf.control.injectFaults({ status: 429, count: 2, match: 'POST /users' });
    stack.rf.control.injectFaults({ status: 502, count: 1, match: 'GET /users' });
    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    expect(run).toMatchObject({ status: 'succeeded', counts: { failed: 0 } });
    expect(stack.rf.control.stats().faultsInjected).toBe(6);
    const emails = rfEmails(stack);
    expect(emails).toHaveLength(run.counts.created);
    expect(new Set(emails).size).toBe(emails.length);
  });

  test('when an email is already in the campaign, then it is linked to that referrer and not created twice', async () => {
    const probe = await startStack({ intercom: { seed: { contacts: 10 } } });
    const target = (probe.ic.control.contacts() as Row[]).find((c) => c.email)!;
    await probe.close();
    const taken = norm(target.email);
    stack = await startStack({ intercom: { seed: { contacts: 10 } }, rf: { seed: { referrerEmails: [taken] } } });
    const existing = stack.rf.control.listUsers({ email: taken })[0]!;
    expect(existing.campaign_id).toBe(RF_MAIN_CAMPAIGN);
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId, {
      campaignId: RF_MAIN_CAMPAIGN,
      fieldMapping: [
        ...basicDefinition('').fieldMapping,
        { to: 'company_name', from: { kind: 'standard', field: 'id' }, transform: 'none' },
      ],
    }));
    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id);
    // The taken email, plus the contacts that share an email with another one (seeded, as in real workspaces).
    const withEmail = (stack.ic.control.contacts() as Row[]).filter((c) => c.email).map((c) => norm(c.email));
    expect(run.counts.linked + run.counts.updated).toBe(1 + withEmail.length - new Set(withEmail).size);
    expect(run.counts.failed).toBe(0);
    expect(stack.rf.control.listUsers({ email: taken })).toHaveLength(1);
    expect(stack.ic.control.contact(target.id)?.custom_attributes).toMatchObject({ rf_link: existing.url });
  });
});
