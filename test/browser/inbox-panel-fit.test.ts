import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardIds, WizardIds, fieldSourceId, returnTargetId } from '../../canvas/ids.js';
import type { DemoStack } from '../../sandbox/demo-stack.js';
import { runBrowserTests } from './helpers/chromium.js';
import type { InboxPage } from './helpers/inbox-page.js';
import { startInboxSession, type InboxSession } from './helpers/inbox-session.js';

// The wizard as Chromium draws it in the simulator's 360 px panel (issue #13): nothing cut off —
// no table cell, label or text wider than its box, no dropdown whose chosen text is wider than
// the dropdown — and step 2 of a four-field campaign about 600 px tall.

/** Texts the panel draws cut off (measured, not estimated). */
async function cutOff(inbox: InboxPage): Promise<string[]> {
  return inbox.page.evaluate(() => {
    const out: string[] = [];
    for (const e of document.querySelectorAll<HTMLElement>('.canvas dt, .canvas dd, .canvas .ck-label, .canvas .ck-text')) {
      if (e.scrollWidth > e.clientWidth + 1) out.push(e.textContent ?? '');
    }
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const s of document.querySelectorAll<HTMLSelectElement>('.canvas select')) {
      const st = getComputedStyle(s);
      ctx.font = `${st.fontSize} ${st.fontFamily}`;
      const chosen = s.options[s.selectedIndex]?.text ?? '';
      // The select's padding and arrow take about 30 px of its width.
      if (ctx.measureText(chosen).width > s.clientWidth - 30) out.push(`dropdown: ${chosen}`);
    }
    return out;
  });
}

const canvasHeight = (inbox: InboxPage) => inbox.page.evaluate(() => document.querySelector('.canvas')!.getBoundingClientRect().height);

describe.runIf(runBrowserTests)('inbox simulator: the wizard in a 360 px panel', () => {
  let stack: DemoStack;
  let inbox: InboxPage;
  let session: InboxSession | undefined;

  beforeAll(async () => {
    session = await startInboxSession();
    ({ stack, inbox } = session);
    await inbox.open(stack.inboxUrl);
  }, 60_000);

  afterAll(() => session?.close());

  it('when an admin walks the wizard to the preview, then no step cuts a text off and step 2 is about 600 px', async () => {
    await inbox.openFirstConversation();
    await inbox.press(CardIds.settings);
    expect(await cutOff(inbox)).toEqual([]);
    await inbox.selectIn(WizardIds.campaign.choice, 'Customer Referral Program');
    await inbox.press(WizardIds.connectNext);
    await inbox.choose('A Specific Segment');
    expect(await cutOff(inbox)).toEqual([]);
    await inbox.component(WizardIds.segment.choice).locator('select').selectOption({ index: 2 });
    await inbox.press(WizardIds.audienceNext);
    expect(await inbox.text()).toContain('Map Intercom Fields to Referral Factory');
    expect(await canvasHeight(inbox)).toBeLessThanOrEqual(620);
    expect(await cutOff(inbox)).toEqual([]);
    await inbox.press(WizardIds.fieldsAdvanced);
    expect(await cutOff(inbox)).toEqual([]);

    await inbox.selectIn(fieldSourceId('company_name'), 'Custom attribute…');
    await inbox.press(WizardIds.fieldsNext);
    await inbox.fillIn(WizardIds.attribute.filter, 'utm_campaign');
    await inbox.press(WizardIds.attribute.filterGo);
    expect(await inbox.text()).toContain('Intercom attribute: utm_campaign_first');
    await inbox.press(WizardIds.attributeUse);
    await inbox.press(WizardIds.fieldsNext);
    expect(await cutOff(inbox)).toEqual([]);
    // Leads made with no return field: step 3 stays once with its advice beside the choice, whole.
    const backs = ['referral_link', 'referrals_count', 'converted_referrals_count'] as const;
    for (const v of backs) await inbox.selectIn(returnTargetId(v), 'Do not send');
    await inbox.selectIn(WizardIds.newReferrers, 'Create or update a Lead');
    await inbox.press(WizardIds.returnsNext);
    expect(await inbox.text()).toContain('a new Lead gets only an email and a first name');
    expect(await cutOff(inbox)).toEqual([]);
    for (const v of backs) await inbox.selectIn(returnTargetId(v), `rf_${v} (new)`);
    expect(await cutOff(inbox)).toEqual([]);
    await inbox.press(WizardIds.returnsNext);
    await inbox.press(WizardIds.preview);
    expect(await inbox.text()).toContain('Converted Referrals Count: → rf_converted_referrals_count (new)');
    expect(await inbox.text()).toContain('New RF referrers');
    expect(await cutOff(inbox)).toEqual([]);
    await inbox.choose('Ongoing Sync');
    expect(await inbox.text()).toContain('When a contact is archived, deleted or leaves the audience');
    expect(await cutOff(inbox)).toEqual([]);
    await inbox.expectAccepted();
  });
});
