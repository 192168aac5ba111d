import { describe, expect, test } from 'vitest';
import { createSyncService } from '../../../src/sync/sync-service.js';
import { decodePosition } from '../../../src/sync/run-position.js';
import { contact, type fakeRf } from './fake-ports.js';
import { definitionInput, saved, setup, waitForRun } from './service-helpers.js';

// The hand-back seam: a process that stops (SIGTERM on a worker, or npm start) finishes the page
// in hand, saves the position after it, and leaves the run in flight for the next process.

const many = (n: number) => Array.from({ length: n }, (_, i) => contact(i + 1));

function slowCreates(rf: ReturnType<typeof fakeRf>, ms: number): void {
  const create = rf.directory.createReferrer.bind(rf.directory);
  rf.directory.createReferrer = async (input) => {
    await new Promise((r) => setTimeout(r, ms));
    return create(input);
  };
}

describe('stopping mid-run', () => {
  test('when the service stops in the middle of a page, then that page is finished and saved, and the next process resumes from the page after it', async () => {
    const { service, rf, intercom, repos, clock } = await setup(many(30), { pageSize: 10 });
    const def = await saved(service, definitionInput({ schedule: { type: 'one_time' } }));
    slowCreates(rf, 10);
    const { run } = await service.startRun(def.id, { trigger: 'manual' });
    while (rf.users.size < 12) await new Promise((r) => setTimeout(r, 2));
    await service.stop();

    // Page 2 was finished before stopping, and nothing of page 3 was started.
    expect(rf.users.size).toBe(20);
    expect(intercom.calls.pages).toBe(2);
    expect(await repos.runs.get(run.id)).toMatchObject({ status: 'running', processed: 20 });
    const state = await repos.states.get(def.id);
    expect(state.inFlight?.runId).toBe(run.id);
    expect(decodePosition(state.inFlight?.cursor, { phase: 'done', cursor: null, offset: 0 })).toMatchObject({ phase: 'contacts', cursor: '20' });

    // The next process (here: another service on the same store) takes it from page 3.
    const next = createSyncService({ repos, clock, contactsFor: async () => intercom.source, referralsFor: async () => rf.directory, pageSize: 10 });
    await next.start();
    const ended = await waitForRun(next, run.id);
    expect(ended).toMatchObject({ status: 'succeeded', processed: 30, counts: { created: 30 } });
    expect(intercom.calls.pages).toBe(3);
    expect(rf.calls.create).toBe(30);
    await next.stop();
  });

  test('when a run is cancelled in the middle of a page, then it stops at the next contact instead of finishing the page', async () => {
    const { service, rf } = await setup(many(30), { pageSize: 10 });
    const def = await saved(service, definitionInput({ schedule: { type: 'one_time' } }));
    slowCreates(rf, 10);
    const { run } = await service.startRun(def.id, { trigger: 'manual' });
    while (rf.users.size < 12) await new Promise((r) => setTimeout(r, 2));
    await service.cancelRun(def.id);
    const ended = await waitForRun(service, run.id);
    expect(ended.status).toBe('cancelled');
    expect(rf.users.size).toBeLessThan(20);
    await service.stop();
  });
});
