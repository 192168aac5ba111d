import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, WizardIds, fieldSourceId, returnTargetId } from '../../canvas/ids.js';
import { ADMIN, type InboxHarness, type RestContact, campaignFields, eventually, find, inboxHarness, optionsOf, putCampaignSync } from './harness.js';

// Both records linked, as RF's own sync links them with its "Integration ID": the Intercom contact
// id can fill an RF campaign field (a source of step 2), and the referrer's RF id can come back
// onto the contact (a return field of step 3), written by runs and by the card.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const withEmail = async (x: InboxHarness): Promise<RestContact[]> =>
  (await x.contacts()).filter((c) => typeof c.email === 'string' && c.email.includes('@') && c.name);

describe('both records linked', () => {
  it('when an app admin maps fields, then step 2 offers "Intercom contact ID" and step 3 offers "Referral Factory ID" as a new attribute', async () => {
    h = await inboxHarness();
    const s = h.session({ admin: ADMIN, contact: (await withEmail(h))[0]! });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(WizardIds.connectNext, { [WizardIds.campaign.choice]: '1' });
    await s.click(WizardIds.audienceNext, { [WizardIds.audienceType]: 'all' });
    expect(optionsOf(s.last, fieldSourceId('company_name'))).toContainEqual(expect.objectContaining({ id: 'std:id', text: 'Intercom contact ID' }));
    await s.click(WizardIds.fieldsNext, { [fieldSourceId('company_name')]: 'std:id' });
    expect(find(s.last, returnTargetId('referrer_id'))?.label).toBe('Referral Factory ID');
    expect(optionsOf(s.last, returnTargetId('referrer_id')).map((o) => o.text)).toContain('rf_referrer_id (new)'); // the return targets name the attribute alone (nothing cut off in 360 px)
  });

  it('when a contact is added from the card and a run syncs the others, then each contact carries its referrer’s RF id and RF holds the contact’s Intercom id', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h, {
      audience: { kind: 'all' },
      fieldMapping: campaignFields({ kind: 'standard', field: 'id' }),
      returnMapping: { referral_link: 'rf_referral_link', referrer_id: 'rf_referrer_id' },
    });
    const [first, ...others] = await withEmail(h);
    await h.submit(CardIds.addReferrer, { admin: ADMIN, contact: first!, storedData: { v: 1, flow: 'card' } });
    const user = h.sb.rf.control.getUser(first!.email!.trim().toLowerCase(), 1)!;
    expect((await h.contact(first!.id)).custom_attributes.rf_referrer_id).toBe(String(user.id));
    expect(user.meta).toContainEqual({ field: 'Company Name', value: first!.id });

    const started = await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    if (!started.started) throw new Error('the run did not start');
    const run = await eventually(() => h!.deps.sync.getRun(started.run.id), (r) => r?.status !== 'queued' && r?.status !== 'running', 30_000);
    expect(run?.status).toBe('succeeded');
    const other = others.find((c) => h!.sb.rf.control.getUser(c.email!.trim().toLowerCase(), 1))!;
    const theirs = h.sb.rf.control.getUser(other.email!.trim().toLowerCase(), 1)!;
    expect((await h.contact(other.id)).custom_attributes.rf_referrer_id).toBe(String(theirs.id));
  }, 60_000);
});
