import { escapeAttribute, escapeText } from 'entities';
import { type CardView, type Notice, cardScreen } from '../../../canvas/screens/card.js';
import { isAppError } from '../../shared/errors.js';
import { CARD_STORED_DATA, cardResult, fromAttributes, live, setup } from './card.js';
import type { InboxEnv, InboxRequest, InboxResult } from './inbox-env.js';
import { describeFailure } from './messages.js';

// "Send link to customer": one click, and the contact's referral link is in the conversation, sent
// by the teammate who clicked, through Intercom's REST API (POST /conversations/{id}/reply,
// https://developers.intercom.com/docs/references/2.14/rest-api/api.intercom.io/conversations/replyconversation).
// Needs the "Write conversations" permission (app-manifest.json).

/** The reply: short, in the teammate's voice, the link both readable and clickable. HTML, as Intercom renders comment bodies. */
export function referralMessage(link: string): string {
  return `<p>Here is your personal referral link. Share it with friends: <a href="${escapeAttribute(link)}">${escapeText(link)}</a></p>`;
}

/** Only a web link goes to a customer (the value comes from RF, or from an attribute anyone may have edited). */
const isWebLink = (s: string): boolean => {
  try {
    return ['https:', 'http:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
};

const withNotice = (view: CardView, notice: Notice): CardView => (view.kind === 'referrer' ? { ...view, notice } : view);

function failureNotice(err: unknown): Notice {
  if (isAppError(err, 'upstream_not_found')) return { style: 'error', text: 'Could not send the link: this conversation was not found in Intercom.' };
  return { style: 'error', text: `Could not send the link: ${describeFailure(err)}` };
}

export async function sendReferralLink(req: InboxRequest, env: InboxEnv): Promise<InboxResult> {
  const s = await setup(req, env);
  if (s.kind === 'blocked') return { canvas: cardScreen(s.view, CARD_STORED_DATA) };
  // The link the card shows: the contact's attribute when it holds one, else RF's (written back on the way).
  const fromCard = await fromAttributes(req, env, s.def, s.menu);
  const shown = fromCard ? { view: fromCard } : await live(req, env, s.def, s.menu);
  const { view } = shown;
  if (view.kind !== 'referrer' || !req.conversationId) return cardResult(shown);
  if (!isWebLink(view.link)) {
    return cardResult({ view: withNotice(view, { style: 'error', text: 'Could not send the link: it is not a web address. Press Refresh to read it from Referral Factory.' }) });
  }
  try {
    const conversations = await env.conversationsFor(req.workspaceId);
    await conversations.replyAsAdmin(req.conversationId, req.adminId, referralMessage(view.link));
  } catch (err) {
    return cardResult({ view: withNotice(view, failureNotice(err)), failure: err });
  }
  const sent: CardView = { ...view, canSend: 'sent' };
  return cardResult({ view: withNotice(sent, { style: 'muted', text: 'Sent the referral link to the customer in this conversation.' }) });
}
