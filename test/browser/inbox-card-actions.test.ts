import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardIds, WizardIds, cardFieldId, fieldSourceId } from '../../canvas/ids.js';
import type { DemoStack } from '../../sandbox/demo-stack.js';
import { runBrowserTests, type Browser } from './helpers/chromium.js';
import type { InboxPage } from './helpers/inbox-page.js';
import { startInboxSession, type InboxSession } from './helpers/inbox-session.js';

// The card's two actions in a browser, in a 360 px details panel: adding a referrer the campaign
// cannot take yet (its required Company Name is empty on the contact: typed on the card), then
// sending that referrer's link into the conversation, which the simulator shows as the
// teammate's reply.

type Row = { id: string; role: string; email: string | null; name: string | null; custom_attributes: Record<string, unknown> };

describe.runIf(runBrowserTests)('inbox simulator: the card adds a referrer and sends the link', () => {
  let stack: DemoStack;
  let browser: Browser;
  let inbox: InboxPage;
  let session: InboxSession | undefined;
  let contact: Row;

  beforeAll(async () => {
    session = await startInboxSession();
    ({ stack, browser, inbox } = session);
    await browser.page.setViewportSize({ width: 1100, height: 900 });
    await inbox.open(stack.inboxUrl);
    // A sync of the users into the demo campaign (Company Name from the contact's attribute), made in the
    // wizard; its run skips users whose Company Name is empty.
    await inbox.openFirstConversation();
    await inbox.press(CardIds.settings);
    await inbox.selectIn(WizardIds.campaign.choice, 'Customer Referral Program');
    await inbox.press(WizardIds.connectNext);
    await inbox.choose('Only Users');
    await inbox.press(WizardIds.audienceNext);
    await inbox.selectIn(fieldSourceId('company_name'), 'Custom attribute…');
    await inbox.press(WizardIds.fieldsNext);
    await inbox.fillIn(WizardIds.attribute.filter, 'company');
    await inbox.press(WizardIds.attribute.filterGo);
    await inbox.selectIn(WizardIds.attribute.choice, 'Company Name');
    await inbox.press(WizardIds.attributeUse);
    await inbox.press(WizardIds.fieldsNext);
    await inbox.press(WizardIds.returnsNext);
    await inbox.press(WizardIds.start);
    expect(await inbox.text()).toContain('Sync status');
    // A user with an email whose Company Name is empty, not a referrer yet.
    const rows = stack.sandboxes.intercom.control.contacts() as unknown as Row[];
    contact = rows.find((c) => c.role === 'user' && c.email && c.name && c.custom_attributes['Company Name'] == null
      && !stack.sandboxes.referralFactory.control.getUser(c.email.trim().toLowerCase(), 1))!;
    expect(contact).toBeDefined();
  }, 90_000);

  afterAll(() => session?.close());

  it('when a required campaign field is empty on the contact, then the card asks for it and adds the referrer with what the teammate typed', async () => {
    await inbox.openConversation(contact.email!.trim());
    expect(await inbox.text()).toContain('Company Name is empty on this contact');
    await inbox.expectAccepted();
    await inbox.screenshot('card-missing-field');

    await inbox.press(CardIds.addReferrer); // nothing typed: the field is marked, nobody is added
    expect(await inbox.text()).toContain('Enter the Company Name.');
    await inbox.expectAccepted();

    await inbox.fillIn(cardFieldId('company_name'), 'Acme Rockets');
    await inbox.press(CardIds.addReferrer);
    expect(await inbox.text()).toContain('Added as a referrer.');
    expect(await inbox.text()).toContain('Referral link:');
    await inbox.expectAccepted();
    const user = stack.sandboxes.referralFactory.control.getUser(contact.email!.trim().toLowerCase(), 1);
    expect(user?.meta).toContainEqual({ field: 'Company Name', value: 'Acme Rockets' });
  }, 60_000);

  it('when the teammate presses "Send link to customer", then the link is in the conversation as their reply and the card confirms it', async () => {
    const link = stack.sandboxes.referralFactory.control.getUser(contact.email!.trim().toLowerCase(), 1)!.url;
    await inbox.press(CardIds.sendLink);
    expect(await inbox.text()).toContain('Sent the referral link to the customer in this conversation.');
    await inbox.expectAccepted();
    const reply = browser.page.locator('#thread .bubble-admin').last();
    await expect.poll(() => reply.innerText()).toContain(link);
    expect(await reply.innerText()).toContain('Ada Admin');
    expect(await reply.locator('a').getAttribute('href')).toBe(link);
    await inbox.screenshot('card-link-sent');
    await inbox.screenshotWindow('inbox-link-sent');
  }, 60_000);
});
