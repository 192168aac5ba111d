import type { StoredData } from '../../../canvas/index.js';
import { type CardMenu, type CardView, type Notice, cardScreen } from '../../../canvas/screens/card.js';
import { formatAgo } from '../../../canvas/screens/format.js';
import type { SyncDefinition } from '../../sync/definition.js';
import type { Referrer } from '../../sync/ports.js';
import { type InboxEnv, type InboxRequest, type InboxResult, canSyncSegments, definitionOf, installationOf, isAppAdmin } from './inbox-env.js';
import { describeFailure } from './messages.js';

// The referral card. Opening a conversation must stay fast: when the contact's own attributes
// already carry the referral values (per the saved return mapping), no call goes to RF.

export const CARD_STORED_DATA: StoredData = { v: 1, flow: 'card' };

type Setup = { kind: 'ready'; def: SyncDefinition; menu: CardMenu } | { kind: 'blocked'; view: CardView };

async function setup(req: InboxRequest, env: InboxEnv): Promise<Setup> {
  const inst = await installationOf(env, req.workspaceId);
  if (!inst) return { kind: 'blocked', view: { kind: 'not_installed' } };
  if (inst.status === 'disconnected') return { kind: 'blocked', view: { kind: 'disconnected' } };
  const admin = isAppAdmin(inst, req.adminId);
  if (!inst.referralFactory) return { kind: 'blocked', view: { kind: 'rf_not_connected', menu: admin ? 'settings' : 'none' } };
  const def = await definitionOf(env, req.workspaceId);
  if (!def) return { kind: 'blocked', view: { kind: 'no_sync', menu: admin ? 'settings' : 'none' } };
  const menu: CardMenu = admin ? 'settings' : canSyncSegments(inst, req.adminId) ? 'sync_segment' : 'none';
  if (!req.contact) return { kind: 'blocked', view: { kind: 'no_contact', menu } };
  return { kind: 'ready', def, menu };
}

const asCount = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The card from the contact's attributes alone, when they hold a referral link. */
async function fromAttributes(req: InboxRequest, env: InboxEnv, def: SyncDefinition, menu: CardMenu): Promise<CardView | undefined> {
  const attrs = req.contact?.customAttributes ?? {};
  const m = def.returnMapping;
  const link = m.referral_link ? attrs[m.referral_link] : undefined;
  if (typeof link !== 'string' || link === '') return undefined;
  const lastCompleted = (await env.sync.getState(def.id)).lastCompletedAt;
  return {
    kind: 'referrer',
    menu,
    link,
    referrals: m.referrals_count ? asCount(attrs[m.referrals_count]) : null,
    converted: m.converted_referrals_count ? asCount(attrs[m.converted_referrals_count]) : null,
    campaign: def.campaignName ?? `Campaign ${def.campaignId}`,
    // Per-contact sync times are not stored (the store must not grow with contacts): the last completed run's.
    lastSynced: lastCompleted === null ? '—' : formatAgo(lastCompleted, env.clock.now()),
  };
}

const writtenCount = (w: string[] | Record<string, unknown>) => (Array.isArray(w) ? w.length : Object.keys(w).length);

function fromReferrer(r: Referrer, def: SyncDefinition, menu: CardMenu, notice?: Notice): CardView {
  return {
    kind: 'referrer', menu, link: r.url, referrals: r.referrals, converted: r.qualifiedReferrals,
    campaign: def.campaignName ?? `Campaign ${def.campaignId}`, lastSynced: 'just now', notice,
  };
}

/** Intercom waits for the canvas; a slow upstream gets this long before the card says so. */
export const LIVE_BUDGET_MS = 2500;

class TooSlow extends Error {}

function withinBudget<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TooSlow()), LIVE_BUDGET_MS);
    timer.unref?.();
  });
  // The work goes on in the background (its write-back is still useful); only the answer stops waiting.
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Reads RF live and writes back what changed on the contact. */
/** Reads RF live and writes back what changed on the contact; a failure is shown and handed back for the log. */
async function live(req: InboxRequest, env: InboxEnv, def: SyncDefinition, menu: CardMenu, notice?: Notice): Promise<{ view: CardView; failure?: unknown }> {
  const contactId = req.contact!.id;
  try {
    const { referrer, written } = await withinBudget(env.sync.refreshContact(req.workspaceId, contactId));
    if (!referrer) return { view: { kind: 'not_referrer', menu, campaign: def.campaignName ?? `Campaign ${def.campaignId}`, canEnrol: true, notice } };
    const n = writtenCount(written);
    const note = notice ?? (n > 0 ? { style: 'muted' as const, text: `Updated ${n} attribute${n > 1 ? 's' : ''} on the contact.` } : undefined);
    return { view: fromReferrer(referrer, def, menu, note) };
  } catch (err) {
    const message = err instanceof TooSlow ? 'Referral Factory is slow to answer right now. Try again in a moment.' : describeFailure(err);
    return { view: { kind: 'unavailable', menu, message }, failure: err };
  }
}

const cardResult = (r: { view: CardView; failure?: unknown }, completed?: boolean): InboxResult => ({
  canvas: cardScreen(r.view, CARD_STORED_DATA),
  ...(completed ? { completed } : {}),
  ...(r.failure === undefined ? {} : { failure: r.failure }),
});

export async function initializeCard(req: InboxRequest, env: InboxEnv): Promise<InboxResult> {
  const s = await setup(req, env);
  if (s.kind === 'blocked') return { canvas: cardScreen(s.view, CARD_STORED_DATA) };
  const fromCard = await fromAttributes(req, env, s.def, s.menu);
  return cardResult(fromCard ? { view: fromCard } : await live(req, env, s.def, s.menu));
}

export async function refreshCard(req: InboxRequest, env: InboxEnv): Promise<InboxResult> {
  const s = await setup(req, env);
  if (s.kind === 'blocked') return { canvas: cardScreen(s.view, CARD_STORED_DATA) };
  return cardResult(await live(req, env, s.def, s.menu));
}

export async function addAsReferrer(req: InboxRequest, env: InboxEnv): Promise<InboxResult> {
  const s = await setup(req, env);
  if (s.kind === 'blocked') return { canvas: cardScreen(s.view, CARD_STORED_DATA) };
  const campaign = s.def.campaignName ?? `Campaign ${s.def.campaignId}`;
  let outcome;
  try {
    outcome = await env.sync.enrolContact(req.workspaceId, req.contact!.id);
  } catch (err) {
    const notice: Notice = { style: 'error', text: `Could not add: ${describeFailure(err)}` };
    return cardResult({ view: { kind: 'not_referrer', menu: s.menu, campaign, canEnrol: true, notice }, failure: err });
  }
  if (outcome.kind === 'skipped' || outcome.kind === 'failed') {
    const notice: Notice = { style: 'error', text: `Could not add: ${outcome.message}.`.replace(/\.\.$/, '.') };
    return { canvas: cardScreen({ kind: 'not_referrer', menu: s.menu, campaign, canEnrol: true, notice }, CARD_STORED_DATA) };
  }
  const done: Notice = { style: 'muted', text: outcome.kind === 'created' ? 'Added as a referrer.' : 'Already a referrer: linked.' };
  return cardResult(await live(req, env, s.def, s.menu, done), true);
}
