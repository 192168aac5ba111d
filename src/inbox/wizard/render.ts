import type { CanvasObject, StoredData } from '../../../canvas/index.js';
import { type PickItem, singleMatch } from '../../../canvas/screens/picker.js';
import { attributeScreen } from '../../../canvas/screens/wizard-attribute.js';
import { audienceScreen } from '../../../canvas/screens/wizard-audience.js';
import { connectScreen } from '../../../canvas/screens/wizard-connect.js';
import { fieldsScreen } from '../../../canvas/screens/wizard-fields.js';
import { type OverviewView, overviewScreen } from '../../../canvas/screens/wizard-overview.js';
import type { FieldErrors } from '../../../canvas/screens/wizard-parts.js';
import { returnsScreen } from '../../../canvas/screens/wizard-returns.js';
import type { AttributeInfo } from '../../sync/ports.js';
import { type InboxEnv, installationOf, syncOf } from '../card/inbox-env.js';
import { intervalErrors } from './checks.js';
import { audienceOf, overviewRows, planOf, type SyncPlan } from './draft.js';
import { emailAttributeWarning } from './email-source.js';
import { newReferrerWarning } from './new-referrer-warning.js';
import { sourceOf } from './source-choice.js';
import { fieldSourceId } from '../../../canvas/screens/ids.js';
import { describeNextRun } from './next-run.js';
import { RETURN_VALUES, type WizardState } from './state.js';
import { RETURN_TYPES } from '../../sync/write-back.js';
import { RETURN_LABELS, attributesFor } from './transitions.js';
import { draftNewName } from './new-names.js';

// Draws the wizard's current step, loading what that step lists (campaigns, segments, attributes).

const asStored = (s: WizardState): StoredData => s as unknown as StoredData;

export const segmentItems = (segments: readonly { id: string; name: string; count: number | null }[]): PickItem[] =>
  segments.map((g) => ({ id: g.id, label: g.count === null ? g.name : `${g.name} (${g.count})` }));

const pickerValue = (s: WizardState): string | undefined => ('picker' in s.at ? s.at.picker.value : undefined);

/** The step's picker holding its only match as the choice (picker.ts, singleMatch); the segment also in the draft. */
function holdSingleMatch(s: WizardState, items: readonly PickItem[]): WizardState {
  if (!('picker' in s.at)) return s;
  const value = singleMatch(items, s.at.picker.filter, s.at.picker.value);
  if (value === undefined || value === s.at.picker.value) return s;
  const at = { ...s.at, picker: { ...s.at.picker, value } };
  return { ...s, at, draft: s.at.step === 'audience' ? { ...s.draft, segmentId: value } : s.draft };
}

const attributeItems = (attrs: readonly AttributeInfo[]): PickItem[] =>
  attrs.map((a) => ({ id: a.name, label: a.label === a.name ? a.name : `${a.label} (${a.name})` }));

/** "The next run reads all 87 contacts": said before Start Sync, for the sync as it would be saved. */
async function nextRunNote(env: InboxEnv, workspaceId: string, syncId: string | undefined, plan: SyncPlan): Promise<string | undefined> {
  const existing = await syncOf(env, workspaceId, syncId);
  const { newAttributes: _n, ...settings } = plan;
  try {
    return describeNextRun(await env.sync.planNextRun({ ...settings, workspaceId, ...(existing ? { id: existing.id } : {}) }), plan.schedule.type, !!existing);
  } catch {
    return undefined;
  }
}

const customAttributeNames = async (env: InboxEnv, workspaceId: string): Promise<Set<string>> =>
  new Set((await (await env.intercomFor(workspaceId)).listDataAttributes()).filter((a) => a.custom).map((a) => a.name));

/** Step 2's advice: a text attribute chosen for Email whose sampled values are not addresses. */
async function fieldWarnings(s: WizardState, env: InboxEnv): Promise<FieldErrors | undefined> {
  const email = s.draft.fields?.email ? sourceOf(s.draft.fields.email.source) : undefined;
  const audience = audienceOf(s.draft);
  if (email?.kind !== 'custom_attribute' || !audience) return undefined;
  const source = await env.intercomFor(s.workspaceId);
  const attribute = (await source.listDataAttributes()).find((a) => a.name === email.name);
  if (attribute?.dataType !== 'string') return undefined; // refused on Next instead (emailSourceProblem)
  const warning = await emailAttributeWarning(source, audience, email.name);
  return warning ? { [fieldSourceId('email')]: warning } : undefined;
}

export interface RenderExtras {
  errors?: FieldErrors | undefined;
  preview?: OverviewView['preview'];
}

export async function renderWizard(s: WizardState, env: InboxEnv, adminId: string, x: RenderExtras = {}): Promise<CanvasObject> {
  const sd = asStored(s);
  const at = s.at;
  const errors = x.errors;
  switch (at.step) {
    case 'connect': {
      if (!(await installationOf(env, s.workspaceId))?.referralFactory) {
        return connectScreen({ connected: false, setupUrl: await env.rfSetupUrl(s.workspaceId, adminId), errors }, sd);
      }
      const campaigns = await (await env.referralFactoryFor(s.workspaceId)).listCampaigns();
      const items = campaigns.map((c) => ({ id: String(c.id), label: c.name }));
      const held = holdSingleMatch(s, items);
      return connectScreen({ connected: true, campaigns: items, filter: at.picker.filter, page: at.picker.page, campaignId: pickerValue(held), errors }, asStored(held));
    }
    case 'audience': {
      const segments = s.draft.audienceKind === 'segment' ? segmentItems(await (await env.intercomFor(s.workspaceId)).listSegments()) : [];
      const held = s.draft.audienceKind === 'segment' ? holdSingleMatch(s, segments) : s;
      return audienceScreen({
        kind: s.draft.audienceKind, segments, filter: at.picker.filter, page: at.picker.page,
        segmentId: held.draft.segmentId, errors,
      }, asStored(held));
    }
    case 'fields': {
      const rows = (s.draft.rfFields ?? []).map((f) => {
        const c = s.draft.fields?.[f.id] ?? { source: 'none', transform: 'none' as const };
        return { rfFieldId: f.id, label: f.label, required: f.required, source: c.source, transform: c.transform };
      });
      const firstNameFallback = { kind: s.draft.firstNameFallback ?? 'email_local', text: s.draft.firstNameText ?? '' } as const;
      return fieldsScreen({
        campaign: s.draft.campaignName ?? 'the campaign', rows, firstNameFallback, errors, warnings: await fieldWarnings(s, env), advanced: at.advanced,
      }, sd);
    }
    case 'attribute': {
      const all = await (await env.intercomFor(s.workspaceId)).listDataAttributes();
      const t = at.target;
      const forLabel = t.kind === 'field' ? (s.draft.rfFields?.find((f) => f.id === t.rfFieldId)?.label ?? t.rfFieldId) : RETURN_LABELS[t.value];
      const hint = t.kind === 'return' ? (RETURN_TYPES[t.value] === 'string' ? 'Text attributes only.' : 'Number attributes only.') : undefined;
      const items = attributeItems(attributesFor(t, all));
      const held = holdSingleMatch(s, items);
      return attributeScreen({
        forLabel, hint, attributes: items, filter: at.picker.filter, page: at.picker.page,
        value: pickerValue(held), errors,
      }, asStored(held));
    }
    case 'returns': {
      const names = await customAttributeNames(env, s.workspaceId);
      const rows = RETURN_VALUES.map((v) => ({
        value: v, label: RETURN_LABELS[v], newName: draftNewName(s.draft, v), newExists: names.has(draftNewName(s.draft, v)), target: s.draft.returns?.[v] ?? 'none',
      }));
      return returnsScreen({ rows, newReferrers: s.draft.newReferrers, newReferrersWarning: newReferrerWarning(s.draft), errors }, sd);
    }
    case 'overview': {
      const plan = planOf(s.draft);
      const labels = new Map((s.draft.rfFields ?? []).map((f) => [f.id, f.label] as const));
      // An interval the Overview does not offer (a forged state) is shown unchosen, with the choices.
      const interval = intervalErrors(s.draft);
      // Two Intercom reads, together: after a Preview they are the last part of the admin's wait.
      const [names, nextRun] = plan ? await Promise.all([customAttributeNames(env, s.workspaceId), nextRunNote(env, s.workspaceId, s.syncId, plan)]) : [null, undefined];
      return overviewScreen({
        mappings: plan && names ? overviewRows(plan, labels, names) : [['Setup', 'Incomplete: go Back']],
        syncType: s.draft.syncType, intervalMinutes: interval ? undefined : s.draft.intervalMinutes, onContactGone: s.draft.onContactGone, preview: x.preview,
        errors: interval ? { ...errors, ...interval } : errors,
        nextRun,
      }, sd);
    }
  }
}
