import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoStack } from '../../sandbox/demo-stack.js';
import { runBrowserTests } from './helpers/chromium.js';
import type { InboxPage } from './helpers/inbox-page.js';
import { startInboxSession, type InboxSession } from './helpers/inbox-session.js';

describe.runIf(runBrowserTests)('inbox simulator: the referral card', () => {
  let stack: DemoStack;
  let inbox: InboxPage;
  let session: InboxSession | undefined;

  beforeAll(async () => {
    session = await startInboxSession();
    ({ stack, inbox } = session);
  }, 60_000);

  afterAll(() => session?.close());

  it('when a teammate opens a conversation, then the card renders and Intercom would accept it', async () => {
    await inbox.open(stack.inboxUrl);
    await inbox.openFirstConversation();
    expect(await inbox.text()).toContain('Referral Factory');
    await inbox.expectAccepted();
    await inbox.screenshot('card');
  });
});
