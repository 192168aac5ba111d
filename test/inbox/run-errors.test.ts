import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, RunErrorsIds, SegmentSyncIds, StatusIds, StatusRunIds } from '../../canvas/ids.js';
import { ADMIN, TEAMMATE, type InboxHarness, eventually, find, inboxHarness, putCampaignSync, texts } from './harness.js';

// Issue #13: a teammate's run with failures is not invisible. The teammate sees its failed and
// skipped contacts; app admins find it in the sync's Last runs with its errors and Retry failed.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const labels = (body: any): string[] => body.canvas.content.components.filter((c: any) => c.type === 'button').map((c: any) => c.label);

describe('a teammate’s run with failures', () => {
  it('when a teammate’s segment sync ends with failed and skipped contacts, then the teammate sees both lists, and an admin opens that run from Last runs and retries its failures', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    const segment = h.sb.intercom.control.segments()[0]!;
    const inSegment = { segmentIds: [segment.id] };
    // RF refuses a first name over 255 characters: these two fail; two without email are skipped; one joins.
    for (let i = 0; i < 2; i++) h.sb.intercom.control.createContact({ role: 'user', email: `long${i}@example.test`, name: 'N'.repeat(300), ...inSegment });
    for (let i = 0; i < 2; i++) h.sb.intercom.control.createContact({ role: 'lead', email: null, name: `No Mail ${i}`, ...inSegment });
    h.sb.intercom.control.createContact({ role: 'user', email: 'ok@example.test', name: 'Okay Person', ...inSegment });
    h.sb.intercom.control.settleIndex();
    const def = await putCampaignSync(h);

    const t = h.session({ admin: TEAMMATE });
    await t.open();
    await t.click(CardIds.syncSegment);
    await t.click(SegmentSyncIds.next, { [SegmentSyncIds.segment.choice]: segment.id });
    await t.click(SegmentSyncIds.confirm);
    const runId = t.last.canvas.stored_data.runId as string;
    await eventually(async () => h!.deps.sync.getRun(runId), (r) => !!r && r.status === 'finished_with_errors');
    await t.click(SegmentSyncIds.refresh);
    expect(labels(t.last)).toEqual(expect.arrayContaining(['Failed (2)', 'Skipped (2)']));

    await t.click(SegmentSyncIds.failed);
    expect(texts(t.last)).toContain('Failed contacts (2)');
    expect(texts(t.last)).toContain('long1@example.test');
    expect(labels(t.last)).not.toContain('Retry failed');
    // The full list link works for the teammate too (a segment sync's run).
    const link = new URL((find(t.last, RunErrorsIds.fullList) as any).action.url);
    const page = await request(h.app).get(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('No Mail 0');
    await t.click(RunErrorsIds.back);
    expect(texts(t.last)).toContain(`Syncing ${segment.name}`);
    await t.click(SegmentSyncIds.skipped);
    expect(texts(t.last)).toContain('**No Mail 0** · no email');
    // A teammate cannot use the admins' Retry, whatever the canvas says.
    expect(texts(await h.submit(StatusIds.retryFailed, { admin: TEAMMATE, storedData: t.last.canvas.stored_data }))).toContain('Only app admins');

    const a = h.session({ admin: ADMIN });
    await a.open();
    await a.click(CardIds.settings);
    expect(texts(a.last)).toContain(`Teammate’s sync of ${segment.name}`);
    await a.click(StatusRunIds[0]);
    expect(texts(a.last)).toContain(`Showing an earlier run: a teammate’s sync of ${segment.name}.`);
    await a.click(StatusIds.errors);
    expect(texts(a.last)).toContain('Failed contacts (2)');
    expect(texts(a.last)).toContain(`Teammate’s sync of ${segment.name}`);
    for (const c of h.sb.intercom.control.contacts().filter((x) => String(x.email).startsWith('long'))) h.sb.intercom.control.updateContact(String(c.id), { name: 'Fixed Name' });
    await a.click(StatusIds.retryFailed);
    expect(texts(a.last)).toContain('Retrying the failed contacts.');
    const retry = await eventually(async () => (await h!.deps.sync.listRuns((await h!.deps.sync.getRun(runId))!.syncId)).find((r) => r.mode === 'retry_failed'),
      (r) => !!r && r.status !== 'queued' && r.status !== 'running');
    expect(retry).toMatchObject({ processed: 2, counts: { failed: 0 } });
    expect((await h.deps.sync.listRuns(def.id))).toHaveLength(0);
  });

  it('when an earlier run is named by a forged screen, then a run of another sync is not shown', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h);
    const other = await putCampaignSync(h, { id: 'sync_other', createdAt: def.createdAt + 1 });
    const started = await h.deps.sync.startRun(other.id, { trigger: 'manual' });
    const res = await h.submit(StatusRunIds[0], { admin: ADMIN, storedData: { v: 1, flow: 'status', syncId: def.id, history: [started.run.id] } });
    expect(texts(res)).not.toContain('Showing an earlier run');
    expect(res.canvas.stored_data.runId).toBeUndefined();
  });
});
