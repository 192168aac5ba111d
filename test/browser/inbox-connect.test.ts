import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardIds, WizardIds } from '../../canvas/ids.js';
import type { DemoStack } from '../../sandbox/demo-stack.js';
import { runBrowserTests, type Browser } from './helpers/chromium.js';
import type { InboxPage } from './helpers/inbox-page.js';
import { startInboxSession, type InboxSession } from './helpers/inbox-session.js';

// Connecting Referral Factory as an app admin does it: the wizard's URL button opens the app's
// setup page in a new tab, the key goes in there (never in a canvas), back in Intercom the
// wizard moves on to the campaign.

describe.runIf(runBrowserTests)('inbox simulator: connecting Referral Factory, in a browser', () => {
  let stack: DemoStack;
  let browser: Browser;
  let inbox: InboxPage;
  let session: InboxSession | undefined;

  beforeAll(async () => {
    session = await startInboxSession({ connectReferralFactory: false });
    ({ stack, browser, inbox } = session);
    await inbox.open(stack.inboxUrl);
  }, 60_000);

  afterAll(() => session?.close());

  it('when an app admin enters the RF key on the setup page, then the wizard continues with the campaign', async () => {
    await inbox.openFirstConversation();
    expect(await inbox.text()).toContain('Referral Factory is not connected yet.');
    await inbox.press(CardIds.settings);
    await inbox.expectAccepted();
    await inbox.screenshot('wizard-connect-rf');
    const [setup] = await Promise.all([
      browser.context.waitForEvent('page'),
      inbox.component(WizardIds.connectLink).locator('button').click(),
    ]);
    expect(await setup.locator('body').innerText()).toContain('Find it in Referral Factory under Campaign Settings › Integrations and API › API & Webhooks');
    // Spaces only: refused next to the field, and the same page still takes the key.
    await setup.getByLabel('API key').fill('   ');
    await setup.getByRole('button', { name: 'Connect' }).click();
    await setup.waitForLoadState();
    expect(await setup.locator('#api_key_error').innerText()).toBe('Enter the API key: the field was empty.');
    await setup.getByLabel('API key').fill(stack.sandboxes.referralFactory.apiKey);
    await setup.getByRole('button', { name: 'Connect' }).click();
    await setup.waitForLoadState();
    expect(await setup.locator('body').innerText()).toContain('Connected. Go back to Intercom and press “I have connected it” in the app.');
    expect(await setup.content()).not.toContain(stack.sandboxes.referralFactory.apiKey);
    await setup.close();
    await inbox.press(WizardIds.connectCheck);
    expect(await inbox.text()).toContain('Which campaign should referrers join?');
    await inbox.expectAccepted();
  });
});
