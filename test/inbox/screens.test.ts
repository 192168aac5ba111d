import { describe, expect, it } from 'vitest';
import { initializeResponse, submitResponse, validateCanvasResponse, type CanvasObject } from '../../canvas/index.js';
import { type CardView, cardScreen } from '../../canvas/screens/card.js';
import { pickerComponents } from '../../canvas/screens/picker.js';
import { segmentChoiceScreen, segmentConfirmScreen, segmentProgressScreen } from '../../canvas/screens/segment-sync.js';
import { statusScreen } from '../../canvas/screens/status.js';
import { runErrorsScreen } from '../../canvas/screens/run-errors.js';
import { syncListScreen } from '../../canvas/screens/sync-list.js';
import { campaignChoiceScreen } from '../../canvas/screens/segment-sync.js';
import { audienceScreen } from '../../canvas/screens/wizard-audience.js';
import { connectScreen } from '../../canvas/screens/wizard-connect.js';
import { fieldsScreen } from '../../canvas/screens/wizard-fields.js';
import { overviewScreen } from '../../canvas/screens/wizard-overview.js';
import { returnsScreen } from '../../canvas/screens/wizard-returns.js';
import { type RunView, runProgressComponents } from '../../canvas/screens/run-progress.js';

const sd = { v: 1 };
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `s${i}`, label: `Segment ${i}` }));
const submitOk = (c: CanvasObject) => validateCanvasResponse(submitResponse(c), { flow: 'submit' });
const run: RunView = {
  statusLabel: 'Running', active: true, processed: 40, total: 100, when: 'started just now', issues: 2,
  counts: { created: 30, linked: 5, updated: 0, unchanged: 2, skipped: 1, failed: 2 },
};

describe('inbox screens', () => {
  const cards: CardView[] = [
    { kind: 'not_installed' },
    { kind: 'disconnected' },
    { kind: 'rf_not_connected', menu: 'settings' },
    { kind: 'rf_not_connected', menu: 'none' },
    { kind: 'no_sync', menu: 'sync_segment' },
    { kind: 'no_contact', menu: 'settings' },
    {
      kind: 'referrer', menu: 'settings', link: 'https://referral-factory.com/r/abcdefghijklmnopqrstuvwxyz0123',
      referrals: 3, converted: 1, campaign: 'Customer Referral Program', lastSynced: '2026-11-29 02:00 UTC',
      notice: { style: 'error', text: 'Referral Factory did not answer; showing the values saved on the contact.' },
    },
    {
      kind: 'referrer', menu: 'settings', link: 'https://referral-factory.com/r/abcdefghijklmnopqrstuvwxyz0123',
      referrals: 12345, converted: 678, campaign: 'Customer Referral Program for Enterprise Partners', lastSynced: '2026-11-29 02:00 UTC',
      canSend: true,
    },
    { kind: 'not_referrer', menu: 'sync_segment', campaign: 'Customer Referral Program', enrol: { kind: 'ready' }, notice: { style: 'error', text: 'Could not add: Referral Factory did not answer. Try again in a moment.' } },
    {
      kind: 'not_referrer', menu: 'settings', campaign: 'Customer Referral Program',
      enrol: { kind: 'needs_fields', fields: [
        { id: 'company_name', label: 'Company Name', value: '', error: true },
        { id: 'phone_number', label: 'Phone Number', value: '+44 20 7946 0000', error: false },
      ] },
    },
    { kind: 'not_referrer', menu: 'settings', campaign: 'Customer Referral Program', enrol: { kind: 'blocked', why: 'This contact has no email, and Referral Factory needs one for every referrer. Add an email to the contact in Intercom, then press Refresh.' } },
    { kind: 'unavailable', menu: 'settings', message: 'Referral Factory refused the API key.' },
  ];
  it.each(cards.map((c) => [c.kind, c] as const))('when the card is %s, then it is a valid first canvas within 400 px', (_k, view) => {
    const verdict = validateCanvasResponse(initializeResponse(cardScreen(view, sd)), { flow: 'initialize', firstCanvas: true });
    expect(verdict.errors).toEqual([]);
  });

  it('when a list has 25 items, then a page shows at most 9 plus the choice, with a filter, Previous and More', () => {
    const comps = pickerComponents({ prefix: 'p', label: 'Segment', noun: 'segment', items: items(25), filter: '', page: 1, value: 's0' });
    const dd = comps.find((c) => c.type === 'dropdown');
    expect(dd && dd.type === 'dropdown' && dd.options.map((o) => o.id)).toEqual(['s0', ...items(25).slice(9, 18).map((i) => i.id)]);
    expect(comps.map((c) => ('id' in c ? c.id : c.type))).toEqual(['p.filter', 'p.filter_go', 'p.choice', 'text', 'p.previous', 'p.more']);
  });

  it('when a filter matches one item, then it is shown as the choice, without a dropdown or placeholder', () => {
    const comps = pickerComponents({ prefix: 'p', label: 'Segment', noun: 'segment', items: items(25), filter: 'Segment 24', page: 0 });
    expect(submitOk(segmentChoiceScreen({ segments: items(25), filter: 'Segment 24', page: 0 }, sd)).ok).toBe(true);
    expect(comps.find((c) => c.type === 'dropdown')).toBeUndefined();
    expect(comps.some((c) => c.type === 'text' && c.text === 'Segment: **Segment 24**')).toBe(true);
  });

  it('when a filter matches nothing but an earlier choice is held, then the screen says nothing matched and shows the choice kept', () => {
    const comps = pickerComponents({ prefix: 'p', label: 'Segment', noun: 'segment', items: items(25), filter: 'zzz', page: 0, value: 's3' });
    const lines = comps.filter((c) => c.type === 'text').map((c) => (c.type === 'text' ? c.text : ''));
    expect(lines).toEqual(['No segment matches “zzz”.', 'Segment (kept): **Segment 3**']);
  });

  it('when every wizard, status and segment screen is drawn, then Intercom would accept it', () => {
    const screens = [
      connectScreen({ connected: false, setupUrl: 'https://app.test/setup?t=x' }, sd),
      connectScreen({ connected: true, campaigns: items(2), filter: '', page: 0, campaignId: 's1' }, sd),
      audienceScreen({ kind: 'segment', segments: items(25), filter: 'zzz', page: 0, errors: { 'wizard.segment.choice': 'Choose a segment.' } }, sd),
      fieldsScreen({
        campaign: 'CRP',
        rows: [
          { rfFieldId: 'first_name', label: 'First Name', required: true, source: 'std:name', transform: 'first_word' },
          { rfFieldId: 'company_name', label: 'Company Name', required: true, source: 'attr:company', transform: 'none' },
        ],
        firstNameFallback: { kind: 'email_local', text: '' },
        errors: { 'wizard.field.company_name': 'Required' },
      }, sd),
      fieldsScreen({
        campaign: 'CRP',
        rows: [{ rfFieldId: 'first_name', label: 'First Name', required: true, source: 'std:name', transform: 'first_word' }],
        firstNameFallback: { kind: 'text', text: '' },
        errors: { 'wizard.first_name_text': 'Type the First Name to use' },
      }, sd),
      returnsScreen({ rows: [{ value: 'referral_link', label: 'Referral Link', newName: 'rf_referral_link', target: 'existing:link' }] }, sd),
      overviewScreen({ mappings: [['Campaign', 'CRP']], syncType: 'ongoing', intervalMinutes: 60, preview: { lines: ['3 contacts'], samples: [['a@x.io', 'Ada']] } }, sd),
      statusScreen({ campaign: 'CRP', audience: 'All Contacts', schedule: 'Ongoing Sync', ongoing: true, paused: false, run, history: [['02:00', 'Finished · 10']] }, sd),
      runErrorsScreen({
        kind: 'failed', total: 12, kept: 11, runLine: 'Finished with errors · ended just now', reasons: [{ count: 12, message: 'Company Name is empty' }],
        rows: [{ name: 'Ada', email: 'no email', reason: 'Company Name is empty' }], offset: 10, hasPrev: true, hasNext: false,
        fullListUrl: 'https://app.example.com/runs/errors?token=t', canRetry: true,
      }, sd),
      syncListScreen({ syncs: [{ campaign: 'CRP', audience: 'All Contacts', schedule: 'One-Time Sync', lastRun: 'No run yet', lastRunBad: false }], canAdd: true }, sd),
      campaignChoiceScreen({ syncs: [{ id: 'a', label: 'CRP' }, { id: 'b', label: 'Partners' }], value: 'b' }, sd),
      segmentConfirmScreen({ segment: 'VIP', count: 3, campaign: 'CRP' }, sd),
      segmentProgressScreen({ segment: 'VIP', run }, sd),
    ];
    for (const c of screens) expect(submitOk(c).errors).toEqual([]);
  });
});

describe('run progress line', () => {
  it('when a run with a known total is going, then the line reads count processed, then percent and time left, then when', () => {
    const [line] = runProgressComponents({
      statusLabel: 'Running', active: true, processed: 369, total: 565, percent: 65, timeLeft: 'less than a minute left',
      counts: { created: 319, linked: 0, updated: 0, unchanged: 0, skipped: 50, failed: 0 }, when: 'started 1 min ago', issues: 50,
    });
    expect(line).toMatchObject({ type: 'text', text: '**Running** · 369 of 565 processed (65%) · less than a minute left · started 1 min ago' });
  });
});
