import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoStack } from '../../sandbox/demo-stack.js';
import { launchBrowser, runBrowserTests, type Browser } from './helpers/chromium.js';
import { InboxPage } from './helpers/inbox-page.js';
import { startSmallStack } from './helpers/stack.js';

describe.runIf(runBrowserTests)('inbox simulator: the referral card', () => {
  let stack: DemoStack;
  let browser: Browser;
  let inbox: InboxPage;

  beforeAll(async () => {
    stack = await startSmallStack();
    browser = await launchBrowser();
    inbox = new InboxPage(browser.page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('when a teammate opens a conversation, then the card renders and Intercom would accept it', async () => {
    await inbox.open(stack.inboxUrl);
    await inbox.openFirstConversation();
    expect(await inbox.text()).toContain('Referral Factory');
    await inbox.expectAccepted();
    await inbox.screenshot('card');
  });
});
