import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, RunErrorsIds, StatusIds, WizardIds } from '../../canvas/ids.js';
import { definitionKey } from '../../src/sync/definition.js';
import { ADMIN, type InboxHarness, components, eventually, find, inboxHarness, putCampaignSync, texts } from './harness.js';

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ended = (x: InboxHarness, syncId: string) =>
  eventually(async () => (await x.deps.sync.listRuns(syncId)), (runs) => runs.length > 0 && runs.every((r) => r.status !== 'queued' && r.status !== 'running'));
const textsOf = (body: any): string[] => components(body).filter((c) => c.type === 'text').map((c) => (c as { text: string }).text);
/** The run's line: its outcome in bold, then what it read. */
const runLine = (body: any): string | undefined => textsOf(body).find((t) => /^\*\*(Queued|Running|Stopping|Finished|Failed|Stopped)/.test(t));
/** The rows of the screen's data tables, as [field, value]. */
const rowsOf = (body: any): [string, string][] =>
  components(body).filter((c) => c.type === 'data-table').flatMap((c) => ((c as any).items as { field: string; value: string }[]).map((i) => [i.field, i.value] as [string, string]));

describe('status screen: every contact read is accounted for (issue #11) and failures come first (issue #12)', () => {
  it('when an incremental run passes contacts over, then "Not changed since the last run" shows them and the buckets add up; Full sync reads everyone again', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h, { schedule: { type: 'ongoing', intervalMinutes: 60 } });
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    await ended(h, def.id);
    h.sb.intercom.control.settleIndex(); // search sees the run's writes
    // A checkpoint in the future of every contact: the next run passes them all over.
    const now = Math.floor(h.deps.clock.now() / 1000);
    await h.repos.states.update(def.id, (st) => {
      st.updatedSince = now + 3600;
      st.checkpointKey = definitionKey(def);
      st.lastFullAt = h!.deps.clock.now();
    });

    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(StatusIds.runNow);
    const [incremental] = await ended(h, def.id);
    // Every contact the search returned (those run 1 wrote to) is passed over, and counted as such.
    const n = incremental!.processed;
    expect(n).toBeGreaterThan(10);
    expect(incremental).toMatchObject({ mode: 'incremental', audienceSize: n, notChanged: n });
    await s.click(StatusIds.refresh);
    expect(runLine(s.last)).toMatch(new RegExp(`^\\*\\*Finished\\*\\* · Incremental run · ${n} of ${n} processed`));
    expect(rowsOf(s.last)).toContainEqual(['Not changed', String(n)]);
    expect(texts(s.last)).toContain('Not changed: read, but unchanged in Intercom since the last run, so nothing was sent.');
    const buckets = ['Created', 'Linked', 'Updated', 'Unchanged', 'Not changed', 'Skipped', 'Failed'];
    const sum = rowsOf(s.last).filter(([k]) => buckets.includes(k)).reduce((total, [, v]) => total + Number(v), 0);
    expect(sum).toBe(n);

    expect(find(s.last, StatusIds.fullSync)).toBeDefined();
    await s.click(StatusIds.fullSync);
    expect(textsOf(s.last).join(' ')).toContain('Full sync started');
    const runs = await ended(h, def.id);
    expect(runs[0]).toMatchObject({ mode: 'full', fullReason: 'requested', processed: 20, notChanged: 0 });
    await s.click(StatusIds.refresh);
    expect(runLine(s.last)).toMatch(/^\*\*Finished\*\* · Full run \(requested\) · 20 of 20 processed/);
  });

  it('when a run has 7 failures among 100 skips, then the errors screen lists all 7 failures first, then skips, with the counts by reason', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    for (let i = 0; i < 100; i++) h.sb.intercom.control.createContact({ role: 'lead', email: null, name: `Lead ${i}` });
    // RF refuses a first name over 255 characters (422): these fail, one by one.
    for (let i = 0; i < 7; i++) h.sb.intercom.control.createContact({ role: 'user', email: `long${i}@example.test`, name: 'N'.repeat(300) });
    h.sb.intercom.control.settleIndex(); // searchable
    const def = await putCampaignSync(h);
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const [run] = await ended(h, def.id);
    expect(run).toMatchObject({ processed: 107, counts: { failed: 7, skipped: 100 } });
    expect(run!.issues.filter((i) => i.kind === 'failed')).toHaveLength(7);
    expect(run!.reasons).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'failed', code: 'upstream_rejected', count: 7 }),
      expect.objectContaining({ kind: 'skipped', code: 'no_email', count: 100 }),
    ]));

    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    expect(find(s.last, StatusIds.errors)?.label).toBe('Failed (7)');
    expect(find(s.last, StatusIds.skipped)?.label).toBe('Skipped (100)');

    // Failures: their own screen, counted by reason, each contact by name and email with the whole reason.
    await s.click(StatusIds.errors);
    const failed = textsOf(s.last);
    expect(failed[0]).toBe('Failed contacts (7)');
    expect(failed).toContainEqual(expect.stringMatching(/^\*\*7\*\* · /));
    for (let i = 0; i < 7; i++) expect(failed).toContainEqual(`**${'N'.repeat(200)}** · long${i}@example.test`);
    expect(failed).toContain('Contacts 1–7 of 7.');
    expect(find(s.last, RunErrorsIds.next)).toBeUndefined();
    expect((find(s.last, RunErrorsIds.fullList) as { action?: unknown } | undefined)?.action).toMatchObject({ type: 'url' });
    expect(texts(s.last)).toContain('Retry failed');
    expect(texts(s.last)).not.toContain('no email');

    // Skips: apart, paged both ways; the run kept 50 of them by name, the count covers all 100.
    await s.click(RunErrorsIds.back);
    await s.click(StatusIds.skipped);
    const skipped = textsOf(s.last);
    expect(skipped[0]).toBe('Skipped contacts (100)');
    expect(skipped).toContainEqual(expect.stringMatching(/^\*\*100\*\* · /));
    expect(skipped).toContain('Contacts 1–10 of 50.');
    expect(skipped).toContain('The run kept 50 of its 100 by name; the counts above cover all of them.');
    expect(skipped).toContain('**Lead 0** · no email');
    expect(texts(s.last)).not.toContain('Retry failed');
    expect(find(s.last, RunErrorsIds.prev)).toBeUndefined();
    await s.click(RunErrorsIds.next);
    expect(textsOf(s.last)).toContain('Contacts 11–20 of 50.');
    expect(textsOf(s.last)).toContain('**Lead 10** · no email');
    for (let i = 0; i < 4; i++) await s.click(RunErrorsIds.next);
    expect(textsOf(s.last)).toContain('Contacts 41–50 of 50.');
    expect(find(s.last, RunErrorsIds.next)).toBeUndefined();
    await s.click(RunErrorsIds.prev);
    expect(textsOf(s.last)).toContain('Contacts 31–40 of 50.');
  });
});

describe('wizard overview: what the next run reads (issue #11)', () => {
  it('when an admin edits an ongoing sync to another audience, then the overview says the next run reads all of it; unchanged, that it reads what changed', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h, { schedule: { type: 'ongoing', intervalMinutes: 60 }, returnMapping: { referral_link: 'rf_referral_link' } });
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    await ended(h, def.id);
    const users = (await h.contacts()).filter((c) => c.role === 'user').length;

    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(StatusIds.edit);
    await s.click(WizardIds.connectNext);
    await s.click(WizardIds.audienceNext);
    await s.click(WizardIds.fieldsNext);
    await s.click(WizardIds.returnsNext);
    expect(textsOf(s.last)).toContain('The next run reads the contacts changed since the last run.');

    await s.click(WizardIds.back);
    await s.click(WizardIds.back);
    await s.click(WizardIds.back);
    await s.click(WizardIds.audienceNext, { [WizardIds.audienceType]: 'users' });
    await s.click(WizardIds.fieldsNext);
    await s.click(WizardIds.returnsNext);
    expect(textsOf(s.last)).toContain(`The next run reads all ${users} contacts (the audience, campaign or mapping changed).`);
    await s.click(WizardIds.start);
    const runs = await ended(h, def.id);
    expect(runs[0]).toMatchObject({ mode: 'full', fullReason: 'settings_changed', processed: users });
  });
});
