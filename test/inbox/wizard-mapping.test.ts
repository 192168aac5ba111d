import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, StatusIds, WizardIds, fieldSourceId, returnTargetId } from '../../canvas/ids.js';
import { ADMIN, type InboxHarness, errorsOf, find, inboxHarness, optionsOf, putCampaignSync, texts, type Session } from './harness.js';

// Mapping that protects the admin (issue #13): Email only from sources that hold emails, skip
// reasons in the preview, pickers that keep the previous choice, one entry per attribute.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const W = WizardIds;

async function toFields(s: Session, audience = 'all'): Promise<void> {
  await s.open();
  await s.click(CardIds.settings);
  await s.click(W.connectNext, { [W.campaign.choice]: '1' });
  await s.click(W.audienceNext, { [W.audienceType]: audience });
}

const mutedOf = (body: any): string[] =>
  body.canvas.content.components.filter((c: any) => c.type === 'text' && c.style === 'muted').map((c: any) => c.text);

describe('wizard mapping (app admins)', () => {
  it('when Email is mapped from Name or a number attribute, then Next refuses it next to Email; the Email row offers only email sources', async () => {
    h = await inboxHarness();
    const s = h.session({ admin: ADMIN });
    await toFields(s);
    expect(optionsOf(s.last, fieldSourceId('email')).map((o) => o.id)).toEqual(['std:email', 'attr:?']);
    await s.click(W.fieldsNext, { [fieldSourceId('email')]: 'std:name', [fieldSourceId('company_name')]: 'std:name' });
    expect(find(s.last, fieldSourceId('email'))?.save_state).toBe('failed');
    expect(errorsOf(s.last).join(' ')).toContain('Email must come from an email address');

    // The attribute picker for Email lists text attributes only.
    await s.click(W.fieldsNext, { [fieldSourceId('email')]: 'attr:?' });
    expect(texts(s.last)).toContain('Attribute for Email');
    await s.click(W.attribute.filterGo, { [W.attribute.filter]: 'seats' });
    expect(optionsOf(s.last, W.attribute.choice)).toEqual([]);
    await s.click(W.back);
    // A forged number attribute is refused too.
    await s.click(W.fieldsNext, { [fieldSourceId('email')]: 'attr:seats' });
    expect(errorsOf(s.last).join(' ')).toContain('seats holds integer values');
    expect(await h.deps.sync.listDefinitions(h.workspaceId)).toEqual([]);
  });

  it('when Email comes from a text attribute, then a warning says whether its values look like emails, and the preview counts the skipped by reason', async () => {
    h = await inboxHarness();
    const contacts = h.sb.intercom.control.contacts() as { id: string }[];
    contacts.forEach((c, i) => h!.sb.intercom.control.updateContact(c.id, {
      custom_attributes: { account_manager: i < 5 ? `manager${i}@acme.test` : 'Jo Smith', job_title: null },
    }));
    h.sb.intercom.control.settleIndex();
    const s = h.session({ admin: ADMIN });
    await toFields(s);

    await s.click(W.fieldsNext, { [fieldSourceId('email')]: 'attr:?', [fieldSourceId('company_name')]: 'std:name' });
    await s.click(W.attributeUse, { [W.attribute.choice]: 'account_manager' });
    expect(find(s.last, fieldSourceId('email'))?.value).toBe('attr:account_manager');
    const warning = mutedOf(s.last).find((t) => t.startsWith('Check:'));
    expect(warning).toContain(`${contacts.length - 5} of the first ${contacts.length} values of account_manager are not email addresses`);

    await s.click(W.fieldsNext);
    await s.click(W.returnsNext);
    await s.click(W.preview);
    const all = texts(s.last);
    expect(all).toContain(`Skipped ${contacts.length - 5}: The mapped email is not a valid address`);

    // An attribute with no value in the sample gets its own warning.
    await s.click(W.back);
    await s.click(W.back);
    await s.click(W.fieldsNext, { [fieldSourceId('email')]: 'attr:?' });
    await s.click(W.attributeUse, { [W.attribute.choice]: 'job_title' });
    expect(mutedOf(s.last).join(' ')).toContain(`None of the first ${contacts.length} contacts has a value in job_title`);
  });

  it('when the admin backs out of an attribute picker, then the field keeps its previous choice', async () => {
    h = await inboxHarness();
    const s = h.session({ admin: ADMIN });
    await toFields(s);
    // A redraw of step 2 (the First Name fallback submits) keeps the row's choice in the state.
    await s.click(W.firstNameFallback, { [fieldSourceId('company_name')]: 'std:external_id', [W.firstNameFallback]: 'email_local' });
    await s.click(W.fieldsNext, { [fieldSourceId('company_name')]: 'attr:?' });
    expect(texts(s.last)).toContain('Attribute for Company Name');
    await s.click(W.back);
    expect(find(s.last, fieldSourceId('company_name'))?.value).toBe('std:external_id');

    await s.click(W.fieldsNext);
    expect(find(s.last, returnTargetId('referral_link'))?.value).toBe('new');
    await s.click(W.returnsNext, { [returnTargetId('referral_link')]: 'existing:?' });
    expect(texts(s.last)).toContain('Attribute for Referral Link');
    await s.click(W.back);
    expect(find(s.last, returnTargetId('referral_link'))?.value).toBe('new');
  });

  it('when a saved sync is edited, then each return attribute appears once, named as it is, and the Overview does not call it new', async () => {
    h = await inboxHarness();
    await h.intercomPost('/data_attributes', { name: 'rf_referral_link', model: 'contact', data_type: 'string' });
    await putCampaignSync(h, { returnMapping: { referral_link: 'rf_referral_link' } });
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(StatusIds.edit);
    await s.click(W.connectNext);
    await s.click(W.audienceNext);
    await s.click(W.fieldsNext);
    const labels = optionsOf(s.last, returnTargetId('referral_link')).map((o) => o.text);
    expect(labels).toEqual(['Do not send', 'rf_referral_link', 'Existing attribute…']);
    expect(optionsOf(s.last, returnTargetId('referrals_count')).map((o) => o.text)).toContain('rf_referrals_count (new)');
    await s.click(W.returnsNext);
    expect(texts(s.last)).toContain('→ rf_referral_link"');
    expect(texts(s.last)).not.toContain('rf_referral_link (new)');
  });
});

describe('empty audiences', () => {
  it('when a segment has no contacts, then it is listed with (0), and neither the wizard nor a segment sync starts it, saying why', async () => {
    h = await inboxHarness();
    const c = h.sb.intercom.control;
    const empty = c.segments()[0]!;
    for (const contact of c.contacts() as { id: string }[]) c.setSegmentMembership(contact.id, empty.id, false);
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(W.connectNext, { [W.campaign.choice]: '1' });
    await s.click(W.audienceType, { [W.audienceType]: 'segment' });
    expect(optionsOf(s.last, W.segment.choice).find((o) => o.id === empty.id)?.text).toBe(`${empty.name} (0)`);
    await s.click(W.audienceNext, { [W.segment.choice]: empty.id });
    expect(find(s.last, W.segment.choice)?.save_state).toBe('failed');
    expect(errorsOf(s.last).join(' ')).toContain(`${empty.name} has no contacts, so a sync would do nothing`);

    // A teammate's segment sync (here an admin's) refuses it the same way.
    await putCampaignSync(h);
    const t = h.session({ admin: ADMIN });
    await t.open();
    await t.click(CardIds.syncSegment);
    await t.click('segsync.next', { 'segsync.segment.choice': empty.id });
    expect(errorsOf(t.last).join(' ')).toContain(`${empty.name} has no contacts, so a sync would do nothing`);
    expect(texts(t.last)).not.toContain('Add 0 contacts');
  });
});
