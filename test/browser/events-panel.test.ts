import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrowserTests } from './helpers/chromium.js';
import { startInboxSession, type InboxSession } from './helpers/inbox-session.js';

// The demo as a person sees it: the Intercom stand-in delivers its webhooks to the app, and the
// simulator's events panel lists each one with what the app did with it.

describe.runIf(runBrowserTests)('inbox simulator: webhook events panel', () => {
  let session: InboxSession | undefined;
  beforeAll(async () => {
    session = await startInboxSession();
  }, 60_000);
  afterAll(() => session?.close());

  it('when a contact is created and then changed in the Intercom stand-in, then the panel lists both events with what the app did', async () => {
    const { stack, inbox } = session!;
    await inbox.open(stack.inboxUrl);
    const panel = inbox.page.getByLabel('Webhook events');
    await expect.poll(() => panel.textContent()).toContain('None yet');
    const ic = stack.sandboxes.intercom.control;
    const c = ic.createContact({ role: 'lead', email: 'panel@events.test', name: 'Pan El' });
    ic.updateContact(c.id as string, { name: 'Pan El Two' });
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('contact.lead.updated');
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('contact.lead.created');
    // The demo has no sync yet: the app says so rather than doing anything.
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('Ignored: no ongoing sync');
    await inbox.screenshotWindow('events-panel');
  });
});
