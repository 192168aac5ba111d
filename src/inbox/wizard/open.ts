import type { StoredData } from '../../../canvas/index.js';
import { CardIds, WizardIds } from '../../../canvas/screens/ids.js';
import { type NoticeView, noticeScreen } from '../../../canvas/screens/notice.js';
import type { SyncDefinition } from '../../sync/definition.js';
import { type InboxEnv, type InboxRequest, type InboxResult, installationOf, isAppAdmin, syncOf, wizardDefinitions } from '../card/inbox-env.js';
import { describeFailure } from '../card/messages.js';
import { stateFromDefinition } from './draft.js';
import { chooseNewPrefix } from './new-names.js';
import { type RenderExtras, renderWizard } from './render.js';
import { type WizardState, newWizardState } from './state.js';
import { connectNext } from './transitions.js';

// Entering the wizard, and the screens every wizard handler may fall back to.

const settingsError = (message: string, action: NoticeView['action'], storedData: StoredData): InboxResult => ({
  canvas: noticeScreen({ title: 'Sync settings', message, style: 'error', action }, storedData),
});

export const forbiddenResult = (): InboxResult =>
  settingsError('Only app admins can change sync settings. Ask one of them to add you.', { id: CardIds.home, label: 'Back' }, { v: 1, flow: 'card' });

export const staleResult = (): InboxResult =>
  settingsError(
    'This screen is out of date or was changed, so it was not used. Start again.',
    { id: WizardIds.restart, label: 'Start again' },
    { v: 1, flow: 'wizard-restart' },
  );

export const isAdminRequest = async (req: InboxRequest, env: InboxEnv): Promise<boolean> =>
  isAppAdmin(await installationOf(env, req.workspaceId), req.adminId);

/** Draws a step; an upstream failure becomes a message with "Try again", keeping the state. */
export async function showWizard(s: WizardState, req: InboxRequest, env: InboxEnv, x?: RenderExtras): Promise<InboxResult> {
  try {
    return { canvas: await renderWizard(s, env, req.adminId, x) };
  } catch (err) {
    return failureResult(s, err);
  }
}

/** An upstream failure as a message with "Try again", which draws the same step again. */
export const failureResult = (s: WizardState, err: unknown): InboxResult => ({
  ...settingsError(describeFailure(err), { id: WizardIds.retry, label: 'Try again' }, s as unknown as Record<string, unknown>),
  failure: err,
});

/**
 * The wizard prefilled from one of the workspace's syncs ("Edit settings" of that sync), or a
 * fresh one for a new sync ("Add sync", or the first) when `syncId` is absent or not this workspace's.
 */
export async function openWizard(req: InboxRequest, env: InboxEnv, syncId?: string): Promise<InboxResult> {
  if (!(await isAdminRequest(req, env))) return forbiddenResult();
  const def = await syncOf(env, req.workspaceId, syncId);
  const state = def ? stateFromDefinition(req.workspaceId, def) : newWizardState(req.workspaceId);
  return showWizard(state, req, env);
}

/**
 * "Choose another segment" (the sync's segment is gone or empty): the wizard at the segment step,
 * the campaign taken as saved. At the campaign step when the campaign cannot be read (or is gone).
 */
export async function openWizardAtAudience(req: InboxRequest, env: InboxEnv, def: SyncDefinition): Promise<InboxResult> {
  if (!(await isAdminRequest(req, env))) return forbiddenResult();
  const state = stateFromDefinition(req.workspaceId, def);
  let campaign;
  try {
    campaign = (await (await env.referralFactoryFor(req.workspaceId)).listCampaigns()).find((c) => c.id === def.campaignId);
  } catch {
    campaign = undefined; // the campaign step then, which says what RF answered
  }
  const next = connectNext(state, campaign);
  if (!campaign || next.errors) return showWizard(state, req, env);
  const newPrefix = chooseNewPrefix(campaign, await wizardDefinitions(env, req.workspaceId), def.id, next.state.draft.newPrefix);
  return showWizard({ ...next.state, draft: { ...next.state.draft, newPrefix } }, req, env);
}
