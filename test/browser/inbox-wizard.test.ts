import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardIds, SegmentSyncIds, StatusIds, WizardIds, fieldSourceId } from '../../canvas/ids.js';
import type { DemoStack } from '../../sandbox/demo-stack.js';
import { runBrowserTests, type Browser } from './helpers/chromium.js';
import type { InboxPage } from './helpers/inbox-page.js';
import { startInboxSession, type InboxSession } from './helpers/inbox-session.js';

// One workspace, clicked through like a person would, in order: an app admin sets up and
// starts a sync, watches it finish, reads a referrer's card, sees referral activity arrive,
// enrols a lead by hand; then a plain teammate syncs a segment. Buttons are found by their
// component ids, what the teammate reads is checked in RF's words, and every canvas must be
// one Intercom accepts. Pictures go to docs/screenshots/ with SCREENSHOTS=docs.

describe.runIf(runBrowserTests)('inbox simulator: sync set-up and use, in a browser', () => {
  let stack: DemoStack;
  let browser: Browser;
  let inbox: InboxPage;
  let session: InboxSession | undefined;

  beforeAll(async () => {
    session = await startInboxSession();
    ({ stack, browser, inbox } = session);
    await inbox.open(stack.inboxUrl);
  }, 60_000);

  afterAll(() => session?.close());

  const referrals = async (): Promise<number> =>
    Number(await inbox.panel.locator('.ck-row', { hasText: 'Referrals' }).locator('dd').innerText());

  it('when an app admin goes through the wizard, then every step is accepted and the sync starts', async () => {
    await inbox.openFirstConversation();
    expect(await inbox.text()).toContain('No campaign is set up yet.');
    await inbox.press(CardIds.settings);
    expect(await inbox.text()).toContain('Which campaign should referrers join?');
    await inbox.expectAccepted();
    await inbox.screenshot('wizard-connect');

    await inbox.selectIn(WizardIds.campaign.choice, 'Customer Referral Program');
    await inbox.press(WizardIds.connectNext);
    expect(await inbox.text()).toContain('Select Intercom Contact Type');
    await inbox.choose('Only Users');
    await inbox.expectAccepted();
    await inbox.screenshot('wizard-step1-contact-type');

    await inbox.press(WizardIds.audienceNext);
    expect(await inbox.text()).toContain('Map Intercom Fields to Referral Factory');
    await inbox.press(WizardIds.fieldsNext); // Company Name is required and still unmapped
    expect(await inbox.text()).toContain('Company Name is required');
    await inbox.expectAccepted();
    await inbox.screenshot('wizard-step2-required-field');

    await inbox.selectIn(fieldSourceId('company_name'), 'Custom attribute…');
    await inbox.press(WizardIds.fieldsNext);
    await inbox.fillIn(WizardIds.attribute.filter, 'company');
    await inbox.press(WizardIds.attribute.filterGo);
    await inbox.selectIn(WizardIds.attribute.choice, 'Company Name');
    await inbox.expectAccepted();
    await inbox.screenshot('wizard-step2-attribute-picker');
    await inbox.press(WizardIds.attributeUse);
    await inbox.press(WizardIds.fieldsNext);
    expect(await inbox.text()).toContain('Map Referral Factory Fields to Intercom');
    await inbox.expectAccepted();
    await inbox.screenshot('wizard-step3-return-fields');

    await inbox.press(WizardIds.returnsNext);
    await inbox.press(WizardIds.preview);
    expect(await inbox.text()).toMatch(/Preview: \d+ contacts/);
    await inbox.expectAccepted();
    await inbox.screenshot('wizard-step4-overview');

    await inbox.press(WizardIds.start);
    expect(await inbox.text()).toContain('Sync status');
    await inbox.expectAccepted();
  }, 60_000);

  it('when the admin refreshes the status, then the run progresses and finishes with its per-contact errors listed', async () => {
    await inbox.press(StatusIds.refresh);
    await inbox.expectAccepted();
    await inbox.screenshot('sync-running');
    await inbox.refreshUntil(/Finished/, StatusIds.refresh, 45_000);
    await inbox.expectAccepted();
    await inbox.screenshot('sync-finished');

    await inbox.press(StatusIds.skipped);
    expect(await inbox.text()).toMatch(/Skipped contacts \(\d+\)/);
    await inbox.expectAccepted();
    await inbox.screenshot('run-errors');
  }, 60_000);

  it('when a synced referrer’s conversation is opened, then the card shows the referral link and counts', async () => {
    await inbox.openFirstConversation();
    expect(await inbox.text()).toContain('Referral link:');
    expect(await referrals()).toBeGreaterThanOrEqual(0);
    await inbox.expectAccepted();
    await inbox.screenshot('card-referrer');
    await inbox.screenshotWindow('inbox-simulator');
  });

  it('when a referral happens in Referral Factory, then Refresh shows the new count', async () => {
    const before = await referrals();
    await browser.page.getByRole('button', { name: 'Simulate referral' }).click();
    await expect.poll(() => browser.page.getByRole('status').innerText()).toContain('was recorded');
    await inbox.press(CardIds.refresh);
    expect(await referrals()).toBe(before + 1);
    await inbox.expectAccepted();
  });

  it('when a teammate adds a lead as referrer from the card, then the card shows the lead’s link', async () => {
    const leads = browser.page.locator('.conversation-item', { hasText: '· lead' }).filter({ hasNotText: 'no email' });
    let enrolable = false;
    for (let i = 0; i < Math.min(8, await leads.count()) && !enrolable; i++) {
      await inbox.answerTo(() => leads.nth(i).click());
      enrolable = (await inbox.component(CardIds.addReferrer).count()) > 0;
    }
    expect(enrolable).toBe(true);
    await inbox.expectAccepted();
    await inbox.screenshot('card-not-referrer');
    await inbox.press(CardIds.addReferrer);
    expect(await inbox.text()).toContain('Referral link:');
    await inbox.expectAccepted();
  });

  it('when a plain teammate syncs a segment, then a one-time run starts and finishes', async () => {
    await inbox.switchTeammate(/— teammate$/);
    await inbox.press(CardIds.syncSegment);
    await inbox.expectAccepted();
    const choice = inbox.component(SegmentSyncIds.segment.choice).locator('option:not([disabled])').first();
    await inbox.selectIn(SegmentSyncIds.segment.choice, (await choice.innerText()).trim());
    await inbox.press(SegmentSyncIds.next);
    await inbox.press(SegmentSyncIds.confirm);
    expect(await inbox.text()).toContain('Syncing');
    await inbox.expectAccepted();
    await inbox.screenshot('segment-sync');
    await inbox.refreshUntil(/Finished|Stopped|Failed/, SegmentSyncIds.refresh, 45_000);
    await inbox.expectAccepted();
  }, 60_000);
});
