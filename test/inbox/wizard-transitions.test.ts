import { describe, expect, it } from 'vitest';
import { WizardIds, fieldSourceId, returnTargetId } from '../../canvas/screens/ids.js';
import { absorb } from '../../src/inbox/wizard/absorb.js';
import { planOf, stateFromDefinition } from '../../src/inbox/wizard/draft.js';
import { WIZARD_LIMITS, newWizardState, parseWizardState, type WizardState } from '../../src/inbox/wizard/state.js';
import { attributeUse, audienceNext, back, connectNext, fieldsNext, returnsNext } from '../../src/inbox/wizard/transitions.js';
import { PICK_PAGE_SIZE, singleMatch, turnPage } from '../../canvas/screens/picker.js';
import type { AttributeInfo, Campaign, SegmentInfo } from '../../src/sync/ports.js';

const campaign: Campaign = {
  id: 1,
  name: 'Customer Referral Program',
  status: 'launched',
  fields: [
    { id: 'first_name', label: 'First Name', type: 'input', required: true },
    { id: 'email', label: 'Email', type: 'input', required: true },
    { id: 'company_name', label: 'Company Name', type: 'input', required: true },
  ],
};
const segments: SegmentInfo[] = Array.from({ length: 25 }, (_, i) => ({ id: `seg${i}`, name: `Segment ${i}`, personType: 'user', count: i }));
const attr = (name: string, dataType: AttributeInfo['dataType'], options: string[] | null = null): AttributeInfo => ({ name, label: name, dataType, custom: true, apiWritable: true, options });
const attributes = [attr('company', 'string'), attr('plan', 'string'), attr('seats', 'integer')];

function toFields(): WizardState {
  let s = absorb(newWizardState('ws1'), { [WizardIds.campaign.choice]: '1' });
  s = connectNext(s, campaign).state;
  s = absorb(s, { [WizardIds.audienceType]: 'segment', [WizardIds.segment.choice]: 'seg17' });
  return audienceNext(s, segments).state;
}

describe('wizard transitions', () => {
  it('when a campaign has more fields or longer field ids than the wizard can draw, then it is refused next to the campaign; long labels are shortened', () => {
    const start = absorb(newWizardState('ws1'), { [WizardIds.campaign.choice]: '1' });
    const field = (id: string, label = id) => ({ id, label, type: 'input' as const, required: false });
    const many = { ...campaign, fields: Array.from({ length: WIZARD_LIMITS.rfFields + 1 }, (_, i) => field(`f${i}`)) };
    expect(connectNext(start, many).errors?.[WizardIds.campaign.choice]).toBe(`This campaign has ${WIZARD_LIMITS.rfFields + 1} fields on its referrer form (the app maps up to ${WIZARD_LIMITS.rfFields}): choose another.`);
    const longId = { ...campaign, fields: [...campaign.fields, field('x'.repeat(101))] };
    expect(connectNext(start, longId).errors?.[WizardIds.campaign.choice]).toContain('a field id of 101 characters (the app maps ids of up to 100)');
    const longLabel = { ...campaign, fields: [...campaign.fields, field('extra', 'L'.repeat(150))] };
    const ok = connectNext(start, longLabel);
    expect(ok.errors).toBeUndefined();
    expect(ok.state.draft.rfFields?.at(-1)?.label).toBe(`${'L'.repeat(99)}…`);
    expect(parseWizardState(ok.state, 'ws1').ok).toBe(true);
  });

  it('when a campaign is chosen, then Name → First Name (first word) and Email → Email are proposed', () => {
    const s = toFields();
    expect(s.at.step).toBe('fields');
    expect(s.draft.fields).toEqual({
      first_name: { source: 'std:name', transform: 'first_word' },
      email: { source: 'std:email', transform: 'none' },
      company_name: { source: 'none', transform: 'none' },
    });
    expect(s.draft.segmentName).toBe('Segment 17');
  });

  it('when a required field is left unmapped, then Next reports it next to that field and stays', () => {
    const t = fieldsNext(toFields(), attributes);
    expect(t.state.at.step).toBe('fields');
    expect(t.errors).toEqual({ [fieldSourceId('company_name')]: expect.stringContaining('Company Name is required') });
  });

  it('when "Custom attribute…" is chosen and an attribute picked, then the field maps to it and Next moves on', () => {
    let s = absorb(toFields(), { [fieldSourceId('company_name')]: 'attr:?' });
    s = fieldsNext(s, attributes).state;
    expect(s.at).toMatchObject({ step: 'attribute', target: { kind: 'field', rfFieldId: 'company_name' } });
    expect(attributeUse(s, attributes).errors).toBeDefined();
    s = attributeUse(absorb(s, { [WizardIds.attribute.choice]: 'company' }), attributes).state;
    expect(s.draft.fields?.company_name?.source).toBe('attr:company');
    const t = fieldsNext(s, attributes);
    expect(t.errors).toBeUndefined();
    expect(t.state.at.step).toBe('returns');
  });

  it('when Back is pressed on each step, then the choices made so far survive', () => {
    let s = absorb(toFields(), { [fieldSourceId('company_name')]: 'std:external_id' });
    s = back(s)!;
    expect(s.at.step).toBe('audience');
    s = back(s)!;
    expect(s.at).toMatchObject({ step: 'connect', picker: { value: '1' } });
    s = connectNext(s, campaign).state;
    s = audienceNext(s, segments).state;
    expect(s.draft.segmentId).toBe('seg17');
    expect(s.draft.fields?.company_name?.source).toBe('std:external_id');
    expect(back(newWizardState('ws1'))).toBeUndefined();
  });

  it('when a return value goes to an attribute of the wrong type, then the error names both types', () => {
    let s = fieldsNext(absorb(toFields(), { [fieldSourceId("company_name")]: "std:external_id" }), attributes).state;
    s = absorb(s, { [returnTargetId('referrals_count')]: 'existing:plan' });
    const t = returnsNext(s, attributes);
    expect(t.errors?.[returnTargetId('referrals_count')]).toMatch(/plan holds string values/);
    s = absorb(s, { [returnTargetId('referrals_count')]: 'existing:seats' });
    const ok = returnsNext(s, attributes);
    expect(ok.state.at.step).toBe('overview');
    expect(planOf(ok.state.draft)).toMatchObject({
      audience: { kind: 'segment', segmentId: 'seg17' },
      returnMapping: { referral_link: 'rf_referral_link', referrals_count: 'seats', converted_referrals_count: 'rf_converted_referrals_count' },
      newAttributes: [
        { name: 'rf_referral_link', dataType: 'string' }, { name: 'rf_converted_referrals_count', dataType: 'integer' },
      ],
      schedule: { type: 'one_time' },
    });
  });

  it('when a saved sync is edited, then the wizard starts from its choices and, unchanged, plans the same sync', () => {
    const saved = {
      id: 'sync_1', workspaceId: 'ws1', campaignId: 1, campaignName: campaign.name,
      audience: { kind: 'segment' as const, segmentId: 'seg3', segmentName: 'Segment 3' },
      fieldMapping: [
        { to: 'first_name', from: { kind: 'standard' as const, field: 'name' as const }, transform: 'first_word' as const },
        { to: 'email', from: { kind: 'standard' as const, field: 'email' as const }, transform: 'lowercase' as const },
        { to: 'company_name', from: { kind: 'custom_attribute' as const, name: 'company' }, transform: 'trim' as const },
      ],
      returnMapping: { referral_link: 'link_attr' },
      schedule: { type: 'ongoing' as const, intervalMinutes: 360 },
      enabled: true, createdAt: 1, updatedAt: 1,
    };
    let s = stateFromDefinition('ws1', saved);
    expect(parseWizardState(s, 'ws1').ok).toBe(true);
    s = connectNext(s, campaign).state;
    s = audienceNext(s, segments).state;
    s = fieldsNext(s, attributes).state;
    s = returnsNext(s, [attr('link_attr', 'string')]).state;
    expect(s.at.step).toBe('overview');
    const plan = planOf(s.draft)!;
    expect(plan).toMatchObject({ audience: saved.audience, schedule: saved.schedule, returnMapping: saved.returnMapping, newAttributes: [] });
    expect(plan.fieldMapping).toEqual(saved.fieldMapping);
  });

  it('when More or Previous is pressed, then the page moves by one within the pages there are, and a single match is chosen by itself', () => {
    const items = segments.map((g) => ({ id: g.id, label: g.name }));
    expect(PICK_PAGE_SIZE).toBe(9);
    expect(turnPage(items, '', 0, 1)).toBe(1);
    expect(turnPage(items, '', 2, 1)).toBe(2);
    expect(turnPage(items, '', 2, -1)).toBe(1);
    expect(turnPage(items, '', 0, -1)).toBe(0);
    expect(turnPage(items, 'Segment 2', 0, 1)).toBe(0);
    expect(singleMatch(items, 'Segment 17', undefined)).toBe('seg17');
    expect(singleMatch(items, 'Segment 1', 'seg3')).toBe('seg3');
  });

  it('when stored_data is forged or from another workspace, then it is refused', () => {
    const s = newWizardState('ws1');
    expect(parseWizardState(s, 'ws1').ok).toBe(true);
    expect(parseWizardState(s, 'ws2')).toEqual({ ok: false, reason: 'other_workspace' });
    expect(parseWizardState({ ...s, v: 2 }, 'ws1')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseWizardState({ ...s, draft: { ...s.draft, fields: { x: { source: 'std:password', transform: 'none' } } } }, 'ws1').ok).toBe(false);
  });
});
