import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, SegmentSyncIds, WizardIds, fieldSourceId } from '../../canvas/ids.js';
import { WIZARD_LIMITS } from '../../src/inbox/wizard/state.js';
import { capturedLogger } from '../helpers/app.js';
import { ADMIN, TEAMMATE, type InboxHarness, errorsOf, find, inboxHarness, putCampaignSync, texts } from './harness.js';

// Issue #12, observation 5 (inbox half): stored_data comes back through Intercom with a valid
// signature but may be forged. Every action re-checks what it relies on, refuses limits next to
// the field, and logs every failure with its code; no forged state gets "Something went wrong".

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const W = WizardIds;
type Line = { level: number; msg: string; code?: string; err?: unknown; stack?: unknown };
const parsed = (lines: string[]): Line[] => lines.map((l) => JSON.parse(l) as Line);

/** An admin's wizard session walked to the Overview of campaign 1, all contacts. */
async function atOverview(x: InboxHarness) {
  const s = x.session({ admin: ADMIN });
  await s.open();
  await s.click(CardIds.settings);
  await s.click(W.connectNext, { [W.campaign.choice]: '1' });
  await s.click(W.audienceNext, { [W.audienceType]: 'all' });
  await s.click(W.fieldsNext, { [fieldSourceId('company_name')]: 'std:name' });
  await s.click(W.returnsNext);
  expect(texts(s.last)).toContain('Start Sync');
  return s;
}

/** An admin's wizard session at the field mapping of campaign 1. */
async function atFields(x: InboxHarness) {
  const s = x.session({ admin: ADMIN });
  await s.open();
  await s.click(CardIds.settings);
  await s.click(W.connectNext, { [W.campaign.choice]: '1' });
  await s.click(W.audienceNext, { [W.audienceType]: 'all' });
  expect(find(s.last, W.fieldsNext)).toBeDefined();
  return s;
}

describe('forged stored_data in a teammate’s segment sync', () => {
  it('when the confirm carries a segment that is not the workspace’s, then it is refused at the segment choice and nothing is saved or run', async () => {
    const log = capturedLogger();
    h = await inboxHarness({ logger: log.logger });
    await putCampaignSync(h);
    const before = await h.deps.sync.listDefinitions(h.workspaceId);
    for (const segmentId of ['seg_does_not_exist', 'x/../../etc']) {
      const forged = { v: 1, flow: 'segment', workspaceId: h.workspaceId, step: 'confirm', picker: { filter: '', page: 0, value: segmentId }, segmentName: 'Everyone' };
      const res = await h.submit(SegmentSyncIds.confirm, { admin: TEAMMATE, storedData: forged });
      expect(errorsOf(res).join(' ')).toContain('That segment is not in this workspace (any more): choose another.');
      expect(find(res, SegmentSyncIds.segment.choice)).toBeDefined();
      expect(res.event).toBeUndefined();
    }
    expect(await h.deps.sync.listDefinitions(h.workspaceId)).toEqual(before);
    expect(await h.deps.sync.listRuns(before[0]!.id)).toEqual([]);
  });
});

describe('forged stored_data in the wizard', () => {
  it('when Start carries an existing attribute the workspace does not have, then it is refused and no attribute is created', async () => {
    h = await inboxHarness();
    const s = await atOverview(h);
    const good = s.last.canvas.stored_data;
    const name = 'Z'.repeat(200);
    s.forge({ ...good, draft: { ...good.draft, returns: { ...good.draft.returns, referral_link: `existing:${name}` } } });
    await s.click(W.start);
    expect(errorsOf(s.last).join(' ')).toContain(`The attribute ${name} does not exist in this workspace: go Back to the return fields and choose another.`);
    const attrs: { name: string }[] = (await h.intercomGet('/data_attributes?model=contact')).data;
    expect(attrs.map((a) => a.name)).not.toContain(name);
    expect(await h.deps.sync.listDefinitions(h.workspaceId)).toEqual([]);
  });

  it('when the interval is not one the wizard offers, then the Overview says so next to it, with the choices, and Start refuses it', async () => {
    const log = capturedLogger();
    h = await inboxHarness({ logger: log.logger });
    const s = await atOverview(h);
    const good = s.last.canvas.stored_data;
    s.forge({ ...good, draft: { ...good.draft, syncType: 'ongoing', intervalMinutes: 5 } });
    await s.click(W.syncType, { [W.syncType]: 'ongoing' });
    const allowed = 'Choose how often it runs: every 15 min, every hour, every 6 hours or every day.';
    expect(errorsOf(s.last)).toContain(allowed);
    expect(texts(s.last)).not.toContain('Something went wrong');
    await s.click(W.start);
    expect(errorsOf(s.last)).toContain(allowed);
    expect(await h.deps.sync.listDefinitions(h.workspaceId)).toEqual([]);
    // Choosing one of the offered intervals clears it.
    await s.click(W.start, { [W.interval]: '60' });
    expect(texts(s.last)).toContain('Sync started');
    expect(parsed(log.lines).filter((l) => l.level >= 50)).toEqual([]);
  });

  it('when the campaign fields in the state are more or longer than a campaign may have, then the state is refused as out of date', async () => {
    const log = capturedLogger();
    h = await inboxHarness({ logger: log.logger });
    const s = await atFields(h);
    const good = s.last.canvas.stored_data;
    const rfFields = Array.from({ length: 50 }, (_, i) => ({ id: `f${i}_${'x'.repeat(190)}`, label: `Field ${i} ${'L'.repeat(190)}`, required: true }));
    s.forge({ ...good, draft: { ...good.draft, rfFields, fields: {} } });
    await s.click(W.fieldsNext);
    expect(errorsOf(s.last).join(' ')).toContain('out of date');
    expect(parsed(log.lines).filter((l) => l.level >= 50)).toEqual([]);
  });

  it('when a state is as large as the limits allow, then the field mapping (with every error) and the Overview still draw within Intercom’s limits', async () => {
    const log = capturedLogger();
    h = await inboxHarness({ logger: log.logger });
    const s = await atFields(h);
    const good = s.last.canvas.stored_data;
    const n = WIZARD_LIMITS.rfFields;
    const id = (i: number) => `${i}_`.padEnd(WIZARD_LIMITS.rfFieldId, 'x');
    const rfFields = Array.from({ length: n }, (_, i) => ({ id: id(i), label: `${i} `.padEnd(WIZARD_LIMITS.rfFieldLabel, 'L'), required: true }));
    const attribute = (i: number) => `attr:${`${i}_`.padEnd(200, 'a')}`;
    const fields = Object.fromEntries(rfFields.map((f, i) => [f.id, { source: i % 2 ? attribute(i) : 'none', transform: 'first_word' }]));
    s.forge({ ...good, draft: { ...good.draft, rfFields, fields } });
    await s.click(W.fieldsNext); // harness: the answer passes the canvas validator
    expect(errorsOf(s.last)).toHaveLength(n / 2);
    const all = Object.fromEntries(rfFields.map((f, i) => [f.id, { source: attribute(i), transform: 'first_word' }]));
    const returns = { referral_link: `existing:${'r'.repeat(200)}`, referrals_count: `existing:${'c'.repeat(200)}`, converted_referrals_count: `existing:${'v'.repeat(200)}` };
    s.forge({ ...good, at: { step: 'overview' }, draft: { ...good.draft, rfFields, fields: all, returns, syncType: 'ongoing', intervalMinutes: 60 } });
    await s.click(W.syncType, { [W.syncType]: 'ongoing' });
    expect(texts(s.last)).toContain('Start Sync');
    expect(parsed(log.lines).filter((l) => l.level >= 50)).toEqual([]);
  });

  it('when stored_data is over 64 KB, then a clear canvas says so and one warning is logged, without a stack', async () => {
    const log = capturedLogger();
    h = await inboxHarness({ logger: log.logger });
    const s = await atOverview(h);
    const good = s.last.canvas.stored_data;
    const fields = Object.fromEntries(Array.from({ length: 800 }, (_, i) => [`k${i}_${'y'.repeat(60)}`, { source: 'none', transform: 'none' }]));
    s.forge({ ...good, draft: { ...good.draft, fields } });
    await s.click(W.preview);
    expect(texts(s.last)).toContain('This screen is out of date or was changed, so it was not used. Start again.');
    const lines = parsed(log.lines);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.find((l) => l.msg === 'stored_data refused')).toMatchObject({ level: 40, code: 'stored_data_invalid' });
    expect(log.lines.join('')).not.toContain('"stack"');
  });

  it('when a wizard step fails upstream, then the log has the failure with its code', async () => {
    const log = capturedLogger();
    h = await inboxHarness({ logger: log.logger });
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    h.sb.rf.control.injectFaults({ status: 503, count: 50, match: 'GET /campaigns' });
    await s.click(W.connectNext, { [W.campaign.choice]: '1' });
    expect(texts(s.last)).toContain('Referral Factory did not answer');
    expect(parsed(log.lines).find((l) => l.msg === 'canvas handler failed')).toMatchObject({ level: 40, code: 'upstream_unavailable' });
    expect(log.lines.join('')).not.toContain('"stack"');
  });
});
