import { afterEach, describe, expect, test } from 'vitest';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { basicDefinition, rfEmails, startStack, type Stack } from './harness.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

describe('faults and exclusivity, against both stand-ins', () => {
  test('when Intercom answers 429 and 5xx now and then, then the run absorbs them and loses nothing', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 60 } } });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId));
    stack.ic.control.injectFaults({ status: 429, count: 2, match: 'POST /contacts/search' });
    stack.ic.control.injectFaults({ status: 503, count: 1, match: 'PUT /contacts' });
    stack.ic.control.injectFaults({ status: 429, count: 1, match: 'PUT /contacts' });
    stack.ic.control.injectFaults({ status: 500, count: 1, match: 'POST /data_attributes' });
    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 25_000);
    expect(stack.ic.control.stats().faultsInjected).toBe(5);
    expect(run).toMatchObject({ status: 'succeeded', counts: { failed: 0 } });
    expect(rfEmails(stack)).toHaveLength(run.counts.created);
    const written = (stack.ic.control.contacts() as Array<{ custom_attributes: Record<string, unknown> }>).filter((c) => c.custom_attributes.rf_link);
    expect(written).toHaveLength(run.counts.created + run.counts.linked + run.counts.updated); // shared emails: linked, not created
  }, 30_000);

  test('when Intercom refuses the token, then the run stops as failed with upstream_auth_failed', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 60 } }, pageSize: 20 });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId));
    stack.ic.control.revokeToken(stack.ic.accessToken);
    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    expect(run.status).toBe('failed');
    expect(run.failureReason).toMatch(/^upstream_auth_failed/);
    expect(run.failureReason).not.toContain(stack.ic.accessToken);
    expect(run.counts.failed).toBe(0);
    expect((await stack.service.currentRun(def.id))).toBeNull();
  });

  test('when a tick, a teammate and an admin start the same sync at once, then one run happens', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 30 } } });
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId, { schedule: { type: 'ongoing', intervalMinutes: 60 } }));
    const [a, b] = await Promise.all([
      stack.service.startRun(def.id, { trigger: 'teammate' }),
      stack.service.startRun(def.id, { trigger: 'manual' }),
      stack.service.tick(),
    ]);
    expect([a.started, b.started].filter(Boolean)).toHaveLength(1);
    const run = (a.started ? a : b).run;
    await waitForRun(stack.service, run.id, 20_000);
    expect((await stack.service.listRuns(def.id))).toHaveLength(1);
    expect(new Set(rfEmails(stack)).size).toBe(rfEmails(stack).length);
  });
});
