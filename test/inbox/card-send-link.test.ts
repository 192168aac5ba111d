import { afterEach, describe, expect, it } from 'vitest';
import { CardIds } from '../../canvas/ids.js';
import { SCOPES } from '../../sandbox/intercom/index.js';
import { installWorkspace } from '../helpers/app.js';
import { type InboxHarness, type RestContact, errorsOf, find, inboxHarness, putCampaignSync, texts } from './harness.js';

// "Send the referral link to the customer" in one click: the app replies in the conversation as
// the teammate through Intercom's REST API (POST /conversations/{id}/reply), and the card confirms.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Tom Teammate in the Intercom stand-in: a real admin id, not an app admin. */
const TOM = '991267002';
const RETURNS = { referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count', converted_referrals_count: 'rf_converted_referrals_count' };
type Part = { part_type: string; body: string; author: { type: string; id: string } };
const partsOf = (x: InboxHarness, id: string): Part[] =>
  (x.sb.intercom.control.conversation(id) as { conversation_parts: { conversation_parts: Part[] } }).conversation_parts.conversation_parts;

/** A referrer of campaign 1 with a conversation the customer started. */
async function referrerInConversation(x: InboxHarness): Promise<{ contact: RestContact; conversation: string; link: string }> {
  await putCampaignSync(x, { returnMapping: RETURNS });
  const first = (await x.contacts()).find((c) => typeof c.email === 'string' && c.email.includes('@') && c.name)!;
  await x.submit(CardIds.addReferrer, { admin: TOM, contact: first, storedData: { v: 1, flow: 'card' } });
  const contact = await x.contact(first.id);
  const conversation = String(x.sb.intercom.control.startConversation(contact.id).id);
  return { contact, conversation, link: x.sb.rf.control.getUser(contact.email!, 1)!.url };
}

describe('card: sending the referral link to the customer', () => {
  it('when a teammate presses "Send link to customer", then the app replies in the conversation as that teammate with the link, and the card confirms it', async () => {
    h = await inboxHarness();
    const { contact, conversation, link } = await referrerInConversation(h);
    const s = h.session({ admin: TOM, contact, conversation });
    await s.open();
    expect(find(s.last, CardIds.sendLink)).toBeDefined();
    await s.click(CardIds.sendLink);
    expect(texts(s.last)).toContain('Sent the referral link to the customer in this conversation.');
    expect(texts(s.last)).toContain(link);
    expect(find(s.last, CardIds.sendLink)).toMatchObject({ label: 'Send link again', style: 'secondary' }); // not pressed twice by mistake
    const parts = partsOf(h, conversation);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ part_type: 'comment', author: { type: 'admin', id: TOM } });
    expect(parts[0]!.body).toContain(`href="${link}"`);
    expect(parts[0]!.body.length).toBeLessThan(300);
  });

  it('when Intercom does not know the conversation, then the card says so and nothing is sent', async () => {
    h = await inboxHarness();
    const { contact, conversation } = await referrerInConversation(h);
    const res = await h.submit(CardIds.sendLink, { admin: TOM, contact, conversation: '424242', storedData: { v: 1, flow: 'card' } });
    expect(errorsOf(res).join(' ')).toContain('Could not send the link: this conversation was not found in Intercom.');
    expect(partsOf(h, conversation)).toHaveLength(0);
    expect(find(res, CardIds.sendLink)).toBeDefined();
  });

  it('when the app lacks the "Write conversations" permission, then the card names it and the way out', async () => {
    h = await inboxHarness({ installed: false });
    const limited = h.sb.intercom.control.issueToken(undefined, [SCOPES.readUsers, SCOPES.writeUsers, SCOPES.writeDataAttributes, SCOPES.readConversations]);
    await installWorkspace(h.deps, { workspaceId: h.workspaceId, accessToken: limited, adminId: '1', rfApiKey: h.sb.rf.apiKey });
    const { contact, conversation } = await referrerInConversation(h);
    const res = await h.submit(CardIds.sendLink, { admin: TOM, contact, conversation, storedData: { v: 1, flow: 'card' } });
    expect(errorsOf(res).join(' ')).toContain('“Write conversations” permission');
    expect(errorsOf(res).join(' ')).toContain('reinstall');
    expect(partsOf(h, conversation)).toHaveLength(0);
  });
});
