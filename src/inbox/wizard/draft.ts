import { AUDIENCE_LABELS } from '../../../canvas/screens/wizard-audience.js';
import { FIRST_NAME_FALLBACK_LABELS, STANDARD_SOURCES, TRANSFORM_LABELS } from '../../../canvas/screens/wizard-fields.js';
import { formatInterval } from '../../../canvas/screens/format.js';
import { NEW_REFERRER_LABELS } from '../../../canvas/screens/wizard-returns.js';
import type { Audience, FieldRule, FirstNameFallback, NewReferrers, OnContactGone, ReturnMapping, Schedule, SourceField, SyncDefinition } from '../../sync/definition.js';
import { choiceOf, sourceOf } from './source-choice.js';
import { type Draft, REFERRED_BY_VALUES, RETURN_VALUES, type ReturnValueId, newWizardState, type WizardState } from './state.js';
import { RETURN_TYPES } from '../../sync/write-back.js';
import { RETURN_LABELS } from './transitions.js';
import { draftNewName, newNameOf, prefixOfDefinition } from './new-names.js';

// Between the wizard's draft (option ids) and the engine's SyncDefinition (typed rules).

export interface SyncPlan {
  campaignId: number;
  campaignName: string;
  audience: Audience;
  fieldMapping: FieldRule[];
  returnMapping: ReturnMapping;
  firstNameFallback: FirstNameFallback;
  schedule: Schedule;
  /** Ongoing syncs only. */
  onContactGone?: OnContactGone;
  /** Absent: nothing is created for RF-page joiners. */
  newReferrers?: Exclude<NewReferrers, 'nothing'>;
  /** Attributes the app must create before the first write-back. */
  newAttributes: { name: string; dataType: 'string' | 'integer' }[];
}

export { choiceOf, sourceOf } from './source-choice.js';

export function audienceOf(d: Draft): Audience | undefined {
  if (d.audienceKind === 'segment') {
    return d.segmentId ? { kind: 'segment', segmentId: d.segmentId, ...(d.segmentName ? { segmentName: d.segmentName } : {}) } : undefined;
  }
  return d.audienceKind ? { kind: d.audienceKind } : undefined;
}

/** The draft's First Name fallback, or undefined when a fixed text was chosen but not typed. */
function fallbackOf(d: Draft): FirstNameFallback | undefined {
  const kind = d.firstNameFallback ?? 'email_local';
  if (kind !== 'text') return { kind };
  const text = (d.firstNameText ?? '').trim();
  return text ? { kind, text } : undefined;
}

/** The draft as a plan, or undefined when a step was skipped (a forged or stale state). */
export function planOf(d: Draft): SyncPlan | undefined {
  const audience = audienceOf(d);
  if (d.campaignId === undefined || !audience || !d.rfFields) return undefined;
  const fieldMapping: FieldRule[] = [];
  for (const f of d.rfFields) {
    const choice = d.fields?.[f.id];
    const from = choice ? sourceOf(choice.source) : undefined;
    if (from) fieldMapping.push({ to: f.id, from, transform: choice?.transform ?? 'none' });
    else if (f.required) return undefined;
  }
  if (fieldMapping.length === 0) return undefined;
  const firstNameFallback = fallbackOf(d);
  if (!firstNameFallback) return undefined;
  const returnMapping: ReturnMapping = {};
  const newAttributes: SyncPlan['newAttributes'] = [];
  for (const v of RETURN_VALUES) {
    const choice = d.returns?.[v] ?? 'none';
    if (choice === 'new') {
      returnMapping[v] = draftNewName(d, v);
      newAttributes.push({ name: draftNewName(d, v), dataType: RETURN_TYPES[v] });
    } else if (choice.startsWith('existing:') && choice !== 'existing:?') {
      returnMapping[v] = choice.slice('existing:'.length);
    }
  }
  const schedule: Schedule = d.syncType === 'ongoing' ? { type: 'ongoing', intervalMinutes: d.intervalMinutes } : { type: 'one_time' };
  return {
    campaignId: d.campaignId, campaignName: d.campaignName ?? `Campaign ${d.campaignId}`, audience, fieldMapping, returnMapping, firstNameFallback, schedule, newAttributes,
    ...(schedule.type === 'ongoing' && d.onContactGone ? { onContactGone: d.onContactGone } : {}),
    ...(d.newReferrers === 'lead' || d.newReferrers === 'user' ? { newReferrers: d.newReferrers } : {}),
  };
}

const sourceLabel = (s: SourceField): string =>
  s.kind === 'standard' ? (STANDARD_SOURCES.find((x) => x.id === `std:${s.field}`)?.label ?? s.field)
    : s.kind === 'company' ? (STANDARD_SOURCES.find((x) => x.id === 'company:name')?.label ?? 'Company name') : s.name;

export const audienceLabel = (a: Audience): string =>
  a.kind === 'segment' ? `Segment: ${a.segmentName ?? a.segmentId}` : AUDIENCE_LABELS[a.kind];

export const scheduleLabel = (s: Schedule): string =>
  s.type === 'one_time' ? 'One-Time Sync' : `Ongoing Sync, ${formatInterval(s.intervalMinutes)}`;

/** The Overview's data table: every choice, in the order the steps asked for them. */
export function overviewRows(plan: SyncPlan, rfLabels: ReadonlyMap<string, string>, existing: ReadonlySet<string> = new Set()): [string, string][] {
  const rows: [string, string][] = [['Campaign', plan.campaignName], ['Contacts', audienceLabel(plan.audience)]];
  for (const r of plan.fieldMapping) {
    const how = r.transform === 'none' ? '' : ` (${TRANSFORM_LABELS[r.transform].toLowerCase()})`;
    rows.push([rfLabels.get(r.to) ?? r.to, `← ${sourceLabel(r.from)}${how}`]);
    if (r.to === 'first_name') rows.push(['If First Name is empty', fallbackLabel(plan.firstNameFallback)]);
  }
  for (const v of RETURN_VALUES) {
    const attr = plan.returnMapping[v as ReturnValueId];
    const isNew = attr !== undefined && !existing.has(attr) && plan.newAttributes.some((a) => a.name === attr);
    if (!attr && REFERRED_BY_VALUES.has(v)) continue; // optional extras: listed only when chosen
    rows.push([RETURN_LABELS[v], attr ? `→ ${attr}${isNew ? ' (new)' : ''}` : 'Not sent']);
  }
  // Listed only when chosen, as the other optional extras.
  if (plan.newReferrers) rows.push(['New RF referrers', NEW_REFERRER_LABELS[plan.newReferrers].replace('Create or update a ', '') + ' in Intercom']);
  return rows;
}

const fallbackLabel = (f: FirstNameFallback): string =>
  f.kind === 'text' ? `Use “${f.text}”` : FIRST_NAME_FALLBACK_LABELS[f.kind];

/** Editing a saved sync starts from its choices. */
export function stateFromDefinition(workspaceId: string, def: SyncDefinition): WizardState {
  const returns: Draft['returns'] = {};
  const newPrefix = prefixOfDefinition(def);
  for (const v of RETURN_VALUES) {
    const name = def.returnMapping[v];
    // The app's own name stays the "new" choice (created if missing), so the row lists it once.
    returns[v] = !name ? 'none' : name === newNameOf(v, newPrefix) ? 'new' : `existing:${name}`;
  }
  return newWizardState(workspaceId, {
    campaignId: def.campaignId,
    ...(def.campaignName ? { campaignName: def.campaignName } : {}),
    audienceKind: def.audience.kind,
    ...(def.audience.kind === 'segment'
      ? { segmentId: def.audience.segmentId, ...(def.audience.segmentName ? { segmentName: def.audience.segmentName } : {}) }
      : {}),
    fields: Object.fromEntries(def.fieldMapping.map((r) => [r.to, { source: choiceOf(r.from), transform: r.transform }])),
    returns,
    ...(newPrefix ? { newPrefix } : {}),
    ...(def.firstNameFallback ? { firstNameFallback: def.firstNameFallback.kind } : {}),
    ...(def.firstNameFallback?.kind === 'text' ? { firstNameText: def.firstNameFallback.text } : {}),
    syncType: def.schedule.type,
    intervalMinutes: def.schedule.type === 'ongoing' ? def.schedule.intervalMinutes : 60,
    ...(def.onContactGone ? { onContactGone: def.onContactGone } : {}),
    ...(def.newReferrers ? { newReferrers: def.newReferrers } : {}),
  }, def.id);
}
