import { afterAll, describe, expect, it } from 'vitest';
import { StatusIds, WizardIds, returnTargetId } from '../../canvas/ids.js';
import { cutOff } from '../../canvas/screens/fit.js';
import { type InboxHarness, components, errorsOf, find, inboxHarness, optionsOf, sessionAtReturns, texts } from './harness.js';

// Step 3 offers what RF's own integration offers for a new referrer (reference/referral-factory.md
// §4, "Nothing / Create New Lead / Create New User"): someone who joins on the RF page may get an
// Intercom contact. Off by default; saved with the sync; an edit starts from it.

let h: InboxHarness | undefined;
afterAll(async () => h?.close());

const W = WizardIds;

describe('wizard step 3: new referrers from the RF page', () => {
  it('when the admin leaves it as offered, then nothing is created; choosing Lead saves it, the Overview lists it, and editing shows it chosen', async () => {
    h = await inboxHarness();
    const s = await sessionAtReturns(h);
    expect(find(s.last, W.newReferrers)).toMatchObject({ label: 'New referrers from your RF page', value: 'nothing' });
    expect(optionsOf(s.last, W.newReferrers).map((o) => o.text)).toEqual(['Do nothing', 'Create or update a Lead', 'Create or update a User']);
    expect(texts(s.last)).toContain('joins on your Referral Factory page');
    await s.click(W.returnsNext);
    expect(texts(s.last)).not.toContain('New RF referrers');
    await s.click(W.back);
    await s.click(W.returnsNext, { [W.newReferrers]: 'lead' });
    expect(texts(s.last)).toContain('Lead in Intercom');
    expect(cutOff(s.last.canvas.content.components)).toEqual([]);
    await s.click(W.start);
    const [def] = await h.deps.sync.listDefinitions(h.workspaceId);
    expect(def!.newReferrers).toBe('lead');

    // Edit settings starts from the saved choice; Do nothing turns it off.
    expect(texts(s.last)).toContain('Sync status');
    await s.click(StatusIds.edit);
    await s.click(W.connectNext);
    await s.click(W.audienceNext);
    await s.click(W.fieldsNext);
    expect(find(s.last, W.newReferrers)?.value).toBe('lead');
    await s.click(W.returnsNext, { [W.newReferrers]: 'nothing' });
    await s.click(W.start);
    const [edited] = await h.deps.sync.listDefinitions(h.workspaceId);
    expect(edited!.id).toBe(def!.id);
    expect(edited!.newReferrers).toBeUndefined();
  });

  it('when the admin creates Leads or Users but sends no return field, then step 3 says beside the choice, once, that they would get only an email and a first name, and Next then goes on', async () => {
    h = await inboxHarness();
    const s = await sessionAtReturns(h);
    const nothingBack = { [returnTargetId('referral_link')]: 'none', [returnTargetId('referrals_count')]: 'none', [returnTargetId('converted_referrals_count')]: 'none' };
    const warningFor = (role: string) => `Check: with Referral Link, Referrals Count, Converted Referrals Count and Referral Factory ID all on Do not send, a new ${role} gets only an email and a first name. Next keeps it so.`;
    /** The component right after the New referrers dropdown. */
    const besideChoice = () => {
      const all = components(s.last);
      return all[all.findIndex((c) => c.id === W.newReferrers) + 1];
    };

    // Who invited them goes on a referred friend's contact, never on a new referrer's: it does not count.
    await s.click(W.returnsNext, { ...nothingBack, [returnTargetId('referred_by_name')]: 'new', [W.newReferrers]: 'lead' });
    expect(texts(s.last)).toContain('Map Referral Factory Fields to Intercom');
    expect(besideChoice()).toMatchObject({ type: 'text', style: 'muted', text: warningFor('Lead') });
    // A warning, not a refusal: no error, nothing marked failed, nothing cut off in the 360 px panel.
    expect(errorsOf(s.last)).toEqual([]);
    expect(components(s.last).filter((c) => c.save_state === 'failed')).toEqual([]);
    expect(cutOff(s.last.canvas.content.components)).toEqual([]);
    expect(find(s.last, W.newReferrers)?.value).toBe('lead');

    await s.click(W.returnsNext);
    expect(texts(s.last)).toContain('Lead in Intercom');
    // Back on step 3 it is still said, and Next goes straight on.
    await s.click(W.back);
    expect(besideChoice()?.text).toBe(warningFor('Lead'));
    // Another role is another warning: said once more.
    await s.click(W.returnsNext, { [W.newReferrers]: 'user' });
    expect(besideChoice()?.text).toBe(warningFor('User'));
    await s.click(W.returnsNext);
    expect(texts(s.last)).toContain('User in Intercom');
    await s.click(W.start);
    const [def] = await h.deps.sync.listDefinitions(h.workspaceId);
    expect(def!.newReferrers).toBe('user');
    expect(Object.keys(def!.returnMapping)).toEqual(['referred_by_name']);
  });

  it('when the admin creates Leads and sends the link back, or creates nothing and sends nothing, then step 3 warns of nothing and Next goes on at once', async () => {
    h = await inboxHarness();
    const s = await sessionAtReturns(h);
    await s.click(W.returnsNext, { [W.newReferrers]: 'lead', [returnTargetId('referrals_count')]: 'none', [returnTargetId('converted_referrals_count')]: 'none' });
    expect(texts(s.last)).toContain('Lead in Intercom');
    await s.click(W.back);
    expect(texts(s.last)).not.toContain('Check:');
    await s.click(W.returnsNext, { [W.newReferrers]: 'nothing', [returnTargetId('referral_link')]: 'none' });
    expect(texts(s.last)).toContain('Overview');
    expect(texts(s.last)).not.toContain('Check:');
  });
});
