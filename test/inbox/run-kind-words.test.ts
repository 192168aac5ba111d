import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, StatusIds } from '../../canvas/ids.js';
import { ADMIN, type InboxHarness, eventually, inboxHarness, putCampaignSync, texts } from './harness.js';

// Issue #13 replayed (r13, "Left"): after a stopped first run, the next run read "Full run (first
// run)" next to the Stopped row in Last runs. It says why it is full in words true either way.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('why a run of an ongoing sync reads everyone', () => {
  it('when the first run was stopped before completing, then the next run says no run has completed yet (not “first run”)', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h, { schedule: { type: 'ongoing', intervalMinutes: 60 } });
    h.sb.rf.control.setLatency(300);
    const first = (await h.deps.sync.startRun(def.id, { trigger: 'manual' })).run!;
    await h.deps.sync.cancelRun(def.id);
    await eventually(async () => h!.deps.sync.getRun(first.id), (r) => !!r && r.status === 'cancelled');

    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(CardIds.settings);
    await a.click(StatusIds.runNow);
    expect(texts(a.last)).toContain('Full run (no run has completed yet)');
    expect(texts(a.last)).not.toContain('first run');
    await a.click(StatusIds.stop);
    h.sb.rf.control.setLatency(0);
  });
});
