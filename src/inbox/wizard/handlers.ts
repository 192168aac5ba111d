import { WizardIds, type WizardActionId } from '../../../canvas/screens/ids.js';
import { type PickItem, turnPage } from '../../../canvas/screens/picker.js';
import type { FieldErrors } from '../../../canvas/screens/wizard-parts.js';
import { initializeCard } from '../card/card.js';
import { type InboxEnv, type InboxHandler, type InboxRequest, type InboxResult, MAX_SYNCS, installationOf, syncOf, wizardDefinitions } from '../card/inbox-env.js';
import { openSettings } from '../status/sync-list.js';
import type { SyncDefinitionInput } from '../../sync/definition-input.js';
import { describeFailure } from '../card/messages.js';
import { renderStatus } from '../status/render.js';
import { absorb } from './absorb.js';
import { intervalErrors, returnAttributeErrors, sharedReturnAttribute } from './checks.js';
import { planOf } from './draft.js';
import { chooseNewPrefix } from './new-names.js';
import { failureResult, forbiddenResult, isAdminRequest, showWizard, staleResult } from './open.js';
import { previewView } from './preview.js';
import { segmentItems } from './render.js';
import { type WizardState, parseWizardState } from './state.js';
import * as T from './transitions.js';

// Submits inside the wizard. Each handler gets the state already parsed and with the current
// step's inputs absorbed, and returns the next state (plus field errors) or a finished result.

type StepOutcome =
  | { state: WizardState; errors?: FieldErrors | undefined; preview?: ReturnType<typeof previewView>; failure?: unknown }
  | { result: InboxResult };
/** `before`: the state as it came in, before this submit's inputs were taken in. */
type WizardStep = (s: WizardState, req: InboxRequest, env: InboxEnv, before: WizardState) => Promise<StepOutcome>;

const same: WizardStep = async (s) => ({ state: s });

const withPicker = (s: WizardState, page: number): WizardState =>
  'picker' in s.at ? { ...s, at: { ...s.at, picker: { ...s.at.picker, page } } } : s;

const filterGo: WizardStep = async (s) => ({ state: withPicker(s, 0) });

/** "More…" (+1) and "Previous" (-1) in a step's picker. */
function turn(items: (s: WizardState, env: InboxEnv) => Promise<PickItem[]>, delta: 1 | -1): WizardStep {
  return async (s, _req, env) => {
    if (!('picker' in s.at)) return { state: s };
    return { state: withPicker(s, turnPage(await items(s, env), s.at.picker.filter, s.at.picker.page, delta)) };
  };
}

const campaignItems = async (s: WizardState, env: InboxEnv) =>
  (await (await env.referralFactoryFor(s.workspaceId)).listCampaigns()).map((c) => ({ id: String(c.id), label: c.name }));
const segmentList = async (s: WizardState, env: InboxEnv) => segmentItems(await (await env.intercomFor(s.workspaceId)).listSegments());
const attributeList = async (s: WizardState, env: InboxEnv) => {
  if (s.at.step !== 'attribute') return [];
  const all = await (await env.intercomFor(s.workspaceId)).listDataAttributes();
  return T.attributesFor(s.at.target, all).map((a) => ({ id: a.name, label: a.label === a.name ? a.name : `${a.label} (${a.name})` }));
};

function definitionInput(s: WizardState, req: InboxRequest, id: string | undefined): SyncDefinitionInput | undefined {
  const plan = planOf(s.draft);
  if (!plan) return undefined;
  return {
    ...(id ? { id } : {}),
    workspaceId: req.workspaceId,
    campaignId: plan.campaignId,
    campaignName: plan.campaignName,
    audience: plan.audience,
    fieldMapping: plan.fieldMapping,
    returnMapping: plan.returnMapping,
    firstNameFallback: plan.firstNameFallback,
    schedule: plan.schedule,
    ...(plan.onContactGone ? { onContactGone: plan.onContactGone } : {}),
    ...(plan.newReferrers ? { newReferrers: plan.newReferrers } : {}),
    enabled: true,
    createdBy: req.adminId,
  };
}

const INCOMPLETE = 'Some steps are incomplete: go Back and finish them.';

const preview: WizardStep = async (s, req, env) => {
  const input = definitionInput(s, req, undefined);
  if (!input) return { state: s, errors: { [WizardIds.preview]: INCOMPLETE } };
  try {
    return { state: s, preview: previewView(await env.sync.dryRun(input)) };
  } catch (err) {
    return { state: s, errors: { [WizardIds.preview]: `Preview failed: ${describeFailure(err)}` }, failure: err };
  }
};

const start: WizardStep = async (s, req, env) => {
  // The sync being edited must still be one of this workspace's (stored_data may be forged or stale).
  const existing = await syncOf(env, req.workspaceId, s.syncId);
  if (s.syncId && !existing) return { state: s, errors: { [WizardIds.start]: 'This sync no longer exists: go Back to the list of syncs and add it again.' } };
  if (!existing && (await wizardDefinitions(env, req.workspaceId)).length >= MAX_SYNCS) {
    return { state: s, errors: { [WizardIds.start]: `This workspace already has ${MAX_SYNCS} syncs, the most it can have: edit one of them instead.` } };
  }
  // Disconnected while the wizard was open: say so, with the way back to connecting it (issue #13).
  if (!(await installationOf(env, req.workspaceId))?.referralFactory) {
    return { state: s, errors: { [WizardIds.start]: 'Referral Factory is not connected (any more), so the sync cannot start: go Back to the first step and connect it.' } };
  }
  const input = definitionInput(s, req, existing?.id);
  const plan = planOf(s.draft);
  if (!input || !plan) return { state: s, errors: { [WizardIds.start]: INCOMPLETE } };
  const interval = intervalErrors(s.draft);
  if (interval) return { state: s, errors: interval };
  // stored_data may be forged: the segment must be one of this workspace's, and so must every attribute it names.
  const intercom = await env.intercomFor(req.workspaceId);
  if (input.audience.kind === 'segment') {
    const segmentId = input.audience.segmentId;
    const known = (await intercom.listSegments()).find((g) => g.id === segmentId);
    if (!known) return { state: s, errors: { [WizardIds.start]: 'The chosen segment no longer exists: go Back and choose another.' } };
    if (known.count === 0) return { state: s, errors: { [WizardIds.start]: T.emptySegmentReason(known.name) } };
  }
  const attributes = returnAttributeErrors(plan, await intercom.listDataAttributes());
  if (attributes) return { state: s, errors: attributes };
  const shared = sharedReturnAttribute(plan, await wizardDefinitions(env, req.workspaceId), existing?.id);
  if (shared) return { state: s, errors: { [WizardIds.start]: shared } };
  const saved = await env.sync.saveDefinition(input);
  if (!saved.ok) return { state: s, errors: { [WizardIds.start]: saved.errors.map((e) => e.message).join(' ') } };
  const campaign = saved.definition.campaignName ?? `Campaign ${saved.definition.campaignId}`;
  await env.installations.record(req.workspaceId, existing ? 'sync_edited' : 'sync_created', req.adminId, campaign);
  const started = await env.sync.startRun(saved.definition.id, { trigger: 'manual' });
  const notice = started.started
    ? { style: 'muted' as const, text: 'Sync started.' }
    : { style: 'muted' as const, text: 'Saved. A run is in progress with the previous settings; the new ones apply from the next run.' };
  return { result: { canvas: await renderStatus(env, req.workspaceId, saved.definition.id, notice, undefined, req.adminId), completed: true } };
};

/** Back from the first step: the status of the sync being edited, else where Sync settings leads (the list, or the card). */
const backStep: WizardStep = async (s, req, env) => {
  const prev = T.back(s);
  if (prev) return { state: prev };
  const def = await syncOf(env, req.workspaceId, s.syncId);
  if (def) return { result: { canvas: await renderStatus(env, req.workspaceId, def.id, undefined, undefined, req.adminId) } };
  if ((await wizardDefinitions(env, req.workspaceId)).length > 0) return { result: await openSettings(req, env) };
  return { result: await initializeCard(req, env) };
};

const steps: Record<Exclude<WizardActionId, typeof WizardIds.restart>, WizardStep> = {
  [WizardIds.connectCheck]: async (s, req, env) =>
    (await installationOf(env, req.workspaceId))?.referralFactory
      ? { state: s }
      : { state: s, errors: { [WizardIds.connectCheck]: 'Not connected yet: open the link, enter the API key, then press this again.' } },
  [WizardIds.campaign.filterGo]: filterGo,
  [WizardIds.campaign.more]: turn(campaignItems, 1),
  [WizardIds.campaign.previous]: turn(campaignItems, -1),
  [WizardIds.connectNext]: async (s, _req, env) => {
    const id = Number(s.at.step === 'connect' ? s.at.picker.value : NaN);
    const campaigns = Number.isInteger(id) ? await (await env.referralFactoryFor(s.workspaceId)).listCampaigns() : [];
    const campaign = campaigns.find((c) => c.id === id);
    const next = T.connectNext(s, campaign);
    if (!campaign || next.errors) return next;
    // Another campaign's sync may hold rf_referral_link: this sync's new attributes get names of their own.
    const newPrefix = chooseNewPrefix(campaign, await wizardDefinitions(env, s.workspaceId), s.syncId, s.draft.newPrefix);
    return { state: { ...next.state, draft: { ...next.state.draft, newPrefix } } };
  },
  [WizardIds.audienceType]: same,
  [WizardIds.segment.filterGo]: filterGo,
  [WizardIds.segment.more]: turn(segmentList, 1),
  [WizardIds.segment.previous]: turn(segmentList, -1),
  [WizardIds.audienceNext]: async (s, _req, env) =>
    T.audienceNext(s, s.draft.audienceKind === 'segment' ? await (await env.intercomFor(s.workspaceId)).listSegments() : []),
  [WizardIds.fieldsNext]: async (s, _req, env, before) => T.fieldsNext(s, await (await env.intercomFor(s.workspaceId)).listDataAttributes(), before),
  [WizardIds.firstNameFallback]: same,
  [WizardIds.fieldsAdvanced]: async (s) => ({ state: s.at.step === 'fields' ? { ...s, at: { ...s.at, advanced: !s.at.advanced } } : s }),
  [WizardIds.attribute.filterGo]: filterGo,
  [WizardIds.attribute.more]: turn(attributeList, 1),
  [WizardIds.attribute.previous]: turn(attributeList, -1),
  [WizardIds.attributeUse]: async (s, _req, env) => T.attributeUse(s, await (await env.intercomFor(s.workspaceId)).listDataAttributes()),
  [WizardIds.returnsNext]: async (s, _req, env, before) => T.returnsNext(s, await (await env.intercomFor(s.workspaceId)).listDataAttributes(), before),
  [WizardIds.syncType]: same,
  [WizardIds.preview]: preview,
  [WizardIds.start]: start,
  [WizardIds.back]: backStep,
  [WizardIds.retry]: same,
};

function wizardHandler(step: WizardStep): InboxHandler {
  return async (req, env) => {
    if (!(await isAdminRequest(req, env))) return forbiddenResult();
    const parsed = parseWizardState(req.storedData, req.workspaceId);
    if (!parsed.ok) return staleResult();
    const s = absorb(parsed.state, req.inputValues);
    let out: StepOutcome;
    try {
      out = await step(s, req, env, parsed.state);
    } catch (err) {
      return failureResult(s, err);
    }
    if ('result' in out) return out.result;
    const shown = await showWizard(out.state, req, env, { errors: out.errors, preview: out.preview });
    return out.failure === undefined || shown.failure !== undefined ? shown : { ...shown, failure: out.failure };
  };
}

/** Component id → handler, for every button of the wizard. */
export const WIZARD_HANDLERS: Record<WizardActionId, InboxHandler> = {
  ...(Object.fromEntries(Object.entries(steps).map(([id, step]) => [id, wizardHandler(step)])) as Record<keyof typeof steps, InboxHandler>),
  // Which sync a stale screen was editing is not known: start again from Sync settings.
  [WizardIds.restart]: openSettings,
};
