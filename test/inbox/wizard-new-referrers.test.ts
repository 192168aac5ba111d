import { afterAll, describe, expect, it } from 'vitest';
import { CardIds, StatusIds, WizardIds, fieldSourceId } from '../../canvas/ids.js';
import { cutOff } from '../../canvas/screens/fit.js';
import { ADMIN, type InboxHarness, find, inboxHarness, optionsOf, texts } from './harness.js';

// Step 3 offers what RF's own integration offers for a new referrer (reference/referral-factory.md
// §4, "Nothing / Create New Lead / Create New User"): someone who joins on the RF page may get an
// Intercom contact. Off by default; saved with the sync; an edit starts from it.

let h: InboxHarness | undefined;
afterAll(async () => h?.close());

const W = WizardIds;

describe('wizard step 3: new referrers from the RF page', () => {
  it('when the admin leaves it as offered, then nothing is created; choosing Lead saves it, the Overview lists it, and editing shows it chosen', async () => {
    h = await inboxHarness();
    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(W.connectNext, { [W.campaign.choice]: '1' });
    await s.click(W.audienceType, { [W.audienceType]: 'users' });
    await s.click(W.audienceNext);
    await s.click(W.fieldsNext, { [fieldSourceId('company_name')]: 'std:name' });
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
});
