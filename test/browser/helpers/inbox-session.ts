import type { DemoStack } from '../../../sandbox/demo-stack.js';
import { launchBrowser, type Browser } from './chromium.js';
import { InboxPage } from './inbox-page.js';
import { startSmallStack } from './stack.js';

/** What the inbox browser tests start from: the small demo stack and a browser to drive its inbox simulator. */
export interface InboxSession {
  stack: DemoStack;
  browser: Browser;
  inbox: InboxPage;
  /** Closes the browser, then the stack. */
  close(): Promise<void>;
}

export async function startInboxSession(opts: { connectReferralFactory?: boolean } = {}): Promise<InboxSession> {
  const stack = await startSmallStack(opts);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await stack.close();
    throw err;
  }
  return {
    stack,
    browser,
    inbox: new InboxPage(browser.page),
    async close() {
      await browser.close();
      await stack.close();
    },
  };
}
