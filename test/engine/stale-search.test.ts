import { afterEach, describe, expect, test } from 'vitest';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { basicDefinition, startStack, type Stack } from './harness.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

const putCalls = (s: Stack) => s.ic.control.stats().byRoute['PUT /contacts/{id}'] ?? 0;

// Intercom's search lags writes by minutes and, in the stand-in's harsher choice, answers with the
// version it indexed (sandbox/intercom/README.md). A run soon after another reads contacts without
// the values just written back and writes the same values again; once the index has caught up,
// nothing is written: the rewrites end.
describe('search returning the indexed version, against both stand-ins', () => {
  test('when a run follows another within the index delay, then it rewrites the same values once, and after the delay it writes nothing', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 40 }, behaviour: { searchIndexDelaySeconds: 300, searchReturns: 'indexed' } } });
    const s = stack;
    const def = await saved(s.service, basicDefinition(s.ic.workspaceId));
    const full = async () => waitForRun(s.service, (await s.service.startRun(def.id, { trigger: 'manual', mode: 'full' })).run.id, 20_000);

    const first = await full();
    expect(first.counts.failed).toBe(0);
    const written = putCalls(s);
    expect(written).toBeGreaterThan(0);
    const values = new Map((s.ic.control.contacts() as Array<{ id: string; custom_attributes: Record<string, unknown> }>).map((c) => [c.id, c.custom_attributes]));

    s.ic.control.advance(120); // within the delay: search still has the versions from before run 1
    await full();
    expect(putCalls(s) - written).toBeGreaterThan(0);
    for (const c of s.ic.control.contacts() as Array<{ id: string; custom_attributes: Record<string, unknown> }>) {
      expect(c.custom_attributes).toEqual(values.get(c.id)); // the same values, written again
    }

    s.ic.control.settleIndex();
    const before = putCalls(s);
    const third = await full();
    expect(third.counts.failed).toBe(0);
    expect(putCalls(s)).toBe(before);
  });
});
