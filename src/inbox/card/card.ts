import type { StoredData } from '../../../canvas/index.js';
import { type AppAdminNames, type CardMenu, type CardView, type EnrolOffer, type Notice, cardScreen } from '../../../canvas/screens/card.js';
import type { Installation } from '../../install/installation.js';
import { formatAgo } from '../../../canvas/screens/format.js';
import { CARD_FIELD_PREFIX } from '../../../canvas/screens/ids.js';
import type { EnrolReadiness } from '../../sync/contact-actions.js';
import type { SyncDefinition } from '../../sync/definition.js';
import type { Referrer } from '../../sync/ports.js';
import { type InboxEnv, type InboxRequest, type InboxResult, canSyncSegments, definitionOf, installationOf, isAppAdmin, wizardDefinitions } from './inbox-env.js';
import { describeFailure } from './messages.js';

// The referral card. Opening a conversation must stay fast: when the contact's own attributes
// already carry the referral values (per the saved return mapping), no call goes to RF.

export const CARD_STORED_DATA: StoredData = { v: 1, flow: 'card' };

type Setup = { kind: 'ready'; def: SyncDefinition; menu: CardMenu } | { kind: 'blocked'; view: CardView };

export async function setup(req: InboxRequest, env: InboxEnv): Promise<Setup> {
  const inst = await installationOf(env, req.workspaceId);
  if (!inst) return { kind: 'blocked', view: { kind: 'not_installed' } };
  if (inst.status === 'disconnected') return { kind: 'blocked', view: { kind: 'disconnected' } };
  const admin = isAppAdmin(inst, req.adminId);
  if (!inst.referralFactory) return { kind: 'blocked', view: { kind: 'rf_not_connected', menu: admin ? 'settings' : 'none', ...(admin ? {} : await appAdminsOf(env, inst)) } };
  const def = await definitionOf(env, req.workspaceId);
  if (!def) return { kind: 'blocked', view: { kind: 'no_sync', menu: admin ? 'settings' : 'none', ...(admin ? {} : await appAdminsOf(env, inst)) } };
  const menu: CardMenu = admin ? ((await lastRunFailed(env, req.workspaceId)) ? 'settings_failed' : 'settings') : canSyncSegments(inst, req.adminId) ? 'sync_segment' : 'none';
  if (!req.contact) return { kind: 'blocked', view: { kind: 'no_contact', menu } };
  return { kind: 'ready', def, menu };
}

/**
 * The app admins a teammate is told to ask, named as Intercom names them (as App settings does);
 * those Intercom does not name (or all, when it does not answer) are counted, never shown as ids.
 * Only on the two screens that send a teammate to an app admin, so opening a conversation stays fast.
 */
async function appAdminsOf(env: InboxEnv, inst: Installation): Promise<{ appAdmins?: AppAdminNames }> {
  const teammates = await env.teammatesOf?.(inst.workspaceId).catch(() => null);
  if (!teammates) return {};
  const names = inst.appAdmins.flatMap((id) => {
    const t = teammates.find((x) => x.id === id);
    return t && t.name !== t.id ? [t.name] : [];
  });
  return { appAdmins: { names: names.slice(0, 2), more: inst.appAdmins.length - Math.min(2, names.length) } };
}

/** Whether the last run of one of the workspace's ongoing syncs failed (one small state read per ongoing sync). */
async function lastRunFailed(env: InboxEnv, workspaceId: string): Promise<boolean> {
  const ongoing = (await wizardDefinitions(env, workspaceId)).filter((d) => d.schedule.type === 'ongoing' && d.enabled);
  const states = await Promise.all(ongoing.map((d) => env.sync.getState(d.id)));
  return states.some((st) => st.lastFailedAt !== null && st.lastFailedAt !== undefined);
}

const asCount = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The card from the contact's attributes alone, when they hold a referral link. */
export async function fromAttributes(req: InboxRequest, env: InboxEnv, def: SyncDefinition, menu: CardMenu): Promise<CardView | undefined> {
  const attrs = req.contact?.customAttributes ?? {};
  const m = def.returnMapping;
  const link = m.referral_link ? attrs[m.referral_link] : undefined;
  if (typeof link !== 'string' || link === '') return undefined;
  const state = await env.sync.getState(def.id);
  const lastCompleted = state.lastCompletedAt;
  return {
    kind: 'referrer',
    menu,
    link,
    referrals: m.referrals_count ? asCount(attrs[m.referrals_count]) : null,
    converted: m.converted_referrals_count ? asCount(attrs[m.converted_referrals_count]) : null,
    campaign: def.campaignName ?? `Campaign ${def.campaignId}`,
    // Per-contact sync times are not stored (the store must not grow with contacts): the last completed run's.
    // Before the first run completes: the link came from a run still going (or from "Add as referrer").
    lastSynced: lastCompleted !== null ? formatAgo(lastCompleted, env.clock.now()) : state.inFlight ? 'Syncing now' : 'Not yet',
    canSend: req.conversationId !== undefined,
  };
}

const writtenCount = (w: string[] | Record<string, unknown>) => (Array.isArray(w) ? w.length : Object.keys(w).length);

function fromReferrer(req: InboxRequest, r: Referrer, def: SyncDefinition, menu: CardMenu, notice?: Notice): CardView {
  return {
    kind: 'referrer', menu, link: r.url, referrals: r.referrals, converted: r.qualifiedReferrals,
    campaign: def.campaignName ?? `Campaign ${def.campaignId}`, lastSynced: 'just now', notice, canSend: req.conversationId !== undefined,
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

/** Why a contact cannot be added, and the way out, in a teammate's words. */
function blockedWhy(reason: Extract<EnrolReadiness, { kind: 'blocked' }>['reason']): string {
  switch (reason) {
    case 'no_email':
      return 'This contact has no email, and Referral Factory needs one for every referrer. Add an email to the contact in Intercom, then press Refresh.';
    case 'invalid_email':
      return 'This contact’s email is not a valid address, so Referral Factory cannot add it. Correct the email in Intercom, then press Refresh.';
    case 'contact_not_found':
      return 'This contact no longer exists in Intercom.';
  }
}

function offerFor(r: EnrolReadiness | undefined): EnrolOffer {
  if (!r || r.kind === 'ready') return { kind: 'ready' };
  if (r.kind === 'blocked') return { kind: 'blocked', why: blockedWhy(r.reason) };
  return { kind: 'needs_fields', fields: r.fields.map((f) => ({ ...f, value: '', error: false })) };
}

const campaignOf = (def: SyncDefinition) => def.campaignName ?? `Campaign ${def.campaignId}`;

/**
 * Reads RF live and writes back what changed on the contact; a failure is shown and handed back for
 * the log. `announce`: say what was written (only when the teammate asked for it with Refresh:
 * opening a conversation shows no status line the teammate did not cause).
 */
export async function live(
  req: InboxRequest, env: InboxEnv, def: SyncDefinition, menu: CardMenu, o: { notice?: Notice; announce?: boolean } = {},
): Promise<{ view: CardView; failure?: unknown }> {
  const contactId = req.contact!.id;
  const { notice } = o;
  try {
    const { referrer, written, enrolment } = await withinBudget(env.sync.refreshContact(req.workspaceId, contactId));
    if (!referrer) return { view: { kind: 'not_referrer', menu, campaign: campaignOf(def), enrol: offerFor(enrolment), notice } };
    const n = writtenCount(written);
    const note = notice ?? (o.announce && n > 0 ? { style: 'muted' as const, text: `Updated ${n} attribute${n > 1 ? 's' : ''} on the contact.` } : undefined);
    return { view: fromReferrer(req, referrer, def, menu, note) };
  } catch (err) {
    const message = err instanceof TooSlow ? 'Referral Factory is slow to answer right now. Try again in a moment.' : describeFailure(err);
    return { view: { kind: 'unavailable', menu, message }, failure: err };
  }
}

export const cardResult = (r: { view: CardView; failure?: unknown }, completed?: boolean): InboxResult => ({
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
  return cardResult(await live(req, env, s.def, s.menu, { announce: true }));
}

/** What the teammate typed into the card's field inputs, by RF field id (strings only, bounded). */
function suppliedValues(inputs: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, v] of Object.entries(inputs)) {
    if (id.startsWith(CARD_FIELD_PREFIX) && typeof v === 'string') out[id.slice(CARD_FIELD_PREFIX.length)] = v.slice(0, 500);
  }
  return out;
}

export async function addAsReferrer(req: InboxRequest, env: InboxEnv): Promise<InboxResult> {
  const s = await setup(req, env);
  if (s.kind === 'blocked') return { canvas: cardScreen(s.view, CARD_STORED_DATA) };
  const campaign = campaignOf(s.def);
  const supplied = suppliedValues(req.inputValues);
  const notReferrer = (enrol: EnrolOffer, notice?: Notice): CardView => ({ kind: 'not_referrer', menu: s.menu, campaign, enrol, notice });
  let outcome;
  try {
    outcome = await env.sync.enrolContact(req.workspaceId, req.contact!.id, supplied);
  } catch (err) {
    const notice: Notice = { style: 'error', text: `Could not add: ${describeFailure(err)}` };
    return cardResult({ view: notReferrer({ kind: 'ready' }, notice), failure: err });
  }
  if (outcome.kind === 'needs_fields') {
    // Typed values are kept; a field sent empty is marked (an older card had no input for it: just asked).
    const fields = outcome.fields.map((f) => ({ ...f, value: supplied[f.id] ?? '', error: f.id in supplied }));
    return cardResult({ view: notReferrer({ kind: 'needs_fields', fields }) });
  }
  if (outcome.kind === 'skipped' && outcome.reason !== 'required_field_empty') {
    return cardResult({ view: notReferrer({ kind: 'blocked', why: blockedWhy(outcome.reason) }) });
  }
  if (outcome.kind === 'skipped' || outcome.kind === 'failed') {
    const notice: Notice = { style: 'error', text: `Could not add: ${outcome.message}.`.replace(/\.\.$/, '.') };
    return cardResult({ view: notReferrer({ kind: 'ready' }, notice) });
  }
  const done: Notice = { style: 'muted', text: outcome.kind === 'created' ? 'Added as a referrer.' : 'Already a referrer: linked.' };
  return cardResult(await live(req, env, s.def, s.menu, { notice: done }), true);
}
