import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardIds, RunErrorsIds, SegmentSyncIds, StatusIds, SyncListIds, WizardIds, fieldSourceId, returnTargetId } from '../../canvas/ids.js';
import type { DemoStack } from '../../sandbox/demo-stack.js';
import { runBrowserTests, type Browser } from './helpers/chromium.js';
import { SCREENSHOTS_DIR, type InboxPage } from './helpers/inbox-page.js';
import { startInboxSession, type InboxSession } from './helpers/inbox-session.js';

// Issue #13, in a browser: an app admin sets up two syncs (customers and partners), finds each in
// the list with its own status, opens a run's full list of skipped contacts on the app's own page
// and downloads it as CSV; a teammate's segment sync asks which campaign.

describe.runIf(runBrowserTests)('inbox simulator: several syncs and the full error list', () => {
  let stack: DemoStack;
  let browser: Browser;
  let inbox: InboxPage;
  let session: InboxSession | undefined;

  beforeAll(async () => {
    session = await startInboxSession();
    ({ stack, browser, inbox } = session);
    await inbox.open(stack.inboxUrl);
    await inbox.openFirstConversation();
  }, 60_000);

  afterAll(() => session?.close());

  /** From the card to an empty wizard for a new sync, wherever Sync settings leads (the wizard, a status, the list). */
  async function newSyncWizard(): Promise<void> {
    const has = async (id: string) => (await inbox.component(id).count()) > 0;
    if (await has(CardIds.settings)) await inbox.press(CardIds.settings);
    if (await has(SyncListIds.show)) await inbox.press(SyncListIds.show);
    if (await has(SyncListIds.add)) await inbox.press(SyncListIds.add);
    expect(await inbox.text()).toContain('Which campaign should referrers join?');
  }

  /** `ownReturns: false`: send nothing back (the other sync's campaign already uses the default attributes). */
  async function finishWizard(ownReturns = true): Promise<void> {
    if (!ownReturns) for (const v of ['referral_link', 'referrals_count', 'converted_referrals_count']) await inbox.selectIn(returnTargetId(v), 'Do not send');
    await inbox.press(WizardIds.returnsNext);
    await inbox.press(WizardIds.start);
    expect(await inbox.text()).toContain('Sync status');
    await inbox.expectAccepted();
    await inbox.refreshUntil(/(Finished|Failed|Stopped)( with errors)? · /, StatusIds.refresh, 120_000);
  }

  it('when an app admin sets up a second sync, then Sync settings lists both, each with its own status', async () => {
    await newSyncWizard();
    await inbox.selectIn(WizardIds.campaign.choice, 'Customer Referral Program');
    await inbox.press(WizardIds.connectNext);
    await inbox.choose('All Contacts');
    await inbox.press(WizardIds.audienceNext);
    await inbox.selectIn(fieldSourceId('company_name'), 'Custom attribute…');
    await inbox.press(WizardIds.fieldsNext);
    await inbox.fillIn(WizardIds.attribute.filter, 'company');
    await inbox.press(WizardIds.attribute.filterGo);
    await inbox.selectIn(WizardIds.attribute.choice, 'Company Name');
    await inbox.press(WizardIds.attributeUse);
    await inbox.press(WizardIds.fieldsNext);
    await finishWizard();

    await newSyncWizard();
    await inbox.selectIn(WizardIds.campaign.choice, 'Partner Program');
    await inbox.press(WizardIds.connectNext);
    await inbox.choose('Only Users');
    await inbox.press(WizardIds.audienceNext);
    await inbox.press(WizardIds.fieldsNext);
    await finishWizard(false);
    expect(await inbox.text()).toContain('Partner Program');
    await inbox.screenshot('sync-status-second');

    await inbox.press(SyncListIds.show);
    const list = await inbox.text();
    expect(list).toContain('Customer Referral Program');
    expect(list).toContain('Partner Program');
    expect(list).toMatch(/Last run: Finished/);
    await inbox.expectAccepted();
    await inbox.screenshot('sync-list');

    await inbox.press(SyncListIds.open[0]);
    expect(await inbox.text()).toContain('Customer Referral Program');
    expect(await inbox.text()).not.toContain('Partner Program');
    await inbox.expectAccepted();
  }, 300_000);

  it('when the admin opens a run’s skipped contacts, then they are paged on the card and the full list opens on the app’s page with a CSV download', async () => {
    await inbox.press(StatusIds.skipped);
    expect(await inbox.text()).toMatch(/Skipped contacts \(\d+\)/);
    expect(await inbox.text()).toContain('no email');
    await inbox.expectAccepted();
    await inbox.screenshot('run-errors-skipped');

    const url = await inbox.component(RunErrorsIds.fullList).locator('button').getAttribute('title');
    expect(url).toMatch(/\/runs\/errors\?token=/);
    const page = await browser.context.newPage();
    try {
      await page.setViewportSize({ width: 900, height: 900 });
      await page.goto(url!);
      await expect.poll(() => page.locator('h1').innerText()).toBe('Failed and skipped contacts');
      const rows = await page.locator('tbody tr').count();
      expect(rows).toBeGreaterThan(0);
      expect(await page.locator('tbody').innerText()).toContain('Skipped');
      await page.screenshot({ path: join(SCREENSHOTS_DIR, 'run-errors-page.png') });

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^run_[\w-]+-contacts\.csv$/);
      const csv = await readFile((await download.path())!, 'utf8');
      const lines = csv.trimEnd().split('\r\n');
      expect(lines[0]).toBe('outcome,name,email,reason_code,reason,intercom_contact_id');
      expect(lines).toHaveLength(rows + 1);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('when a teammate syncs a segment, then they are asked which campaign first', async () => {
    await inbox.press(RunErrorsIds.back);
    await inbox.switchTeammate(/— teammate$/);
    await inbox.press(CardIds.syncSegment);
    expect(await inbox.text()).toContain('Which campaign should the segment join?');
    await inbox.expectAccepted();
    await inbox.screenshot('segment-sync-campaign');
    await inbox.choose('Partner Program', { submits: false });
    await inbox.press(SegmentSyncIds.campaignNext);
    const choice = inbox.component(SegmentSyncIds.segment.choice).locator('option:not([disabled])').first();
    await inbox.selectIn(SegmentSyncIds.segment.choice, (await choice.innerText()).trim());
    await inbox.press(SegmentSyncIds.next);
    expect(await inbox.text()).toContain('as referrers in Partner Program');
    await inbox.press(SegmentSyncIds.confirm);
    await inbox.refreshUntil(/(Finished|Failed|Stopped)( with errors)? · /, SegmentSyncIds.refresh, 120_000);
    await inbox.expectAccepted();
  }, 180_000);
});
