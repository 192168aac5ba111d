import { afterEach, describe, expect, it } from 'vitest';
import { eventsHarness, waitFor, type EventsHarness } from './harness.js';

// RF's "new referrer joins" webhook fires for the referrers the app's own sync creates as well:
// that echo must cost no RF read and no Intercom search (the run has just written the link), or a
// first sync pays two extra calls per referrer (README, issue #15 "No echo").

let h: EventsHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('RF webhooks: the app’s own enrolments coming back', () => {
  it('when a sync creates referrers and RF sends "new referrer" for each, then each event is recognised as the app’s own and costs no RF read', async () => {
    h = await eventsHarness({ register: false });
    const token = (await h.deps.installations.rfWebhookToken(h.workspaceId, '1'))!;
    h.sb.rf.control.addWebhook({ url: `${h.base}/webhooks/rf/${token}/referrer-joined`, event: 'user.join', campaignId: 1, users: ['person_referring'] });
    const def = await h.putSync({ schedule: { type: 'one_time' } });
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const run = await waitFor('the run ended', async () => (await h!.deps.sync.listRuns(def.id))[0], (r) => !!r && r.status !== 'queued' && r.status !== 'running');
    expect(run!.counts.created).toBeGreaterThan(2);
    await h.sb.rf.control.settleWebhooks();
    const events = await waitFor('every event processed', () => h!.repos.events.listRecent(h!.workspaceId, 100),
      (l) => l.length === run!.counts.created && l.every((e) => e.status === 'processed'));
    // The hint names the user by id: reading it again would be GET /users/{identifier}.
    const rfReads = h.sb.rf.control.stats().byRoute['GET /users/{identifier}'] ?? 0;
    expect(events.map((e) => e.outcome)).toEqual(events.map(() => 'Ignored: the app’s own enrolment coming back'));
    expect(rfReads).toBe(0);
  });
});
