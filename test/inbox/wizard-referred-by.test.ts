import { afterAll, describe, expect, it } from 'vitest';
import { WizardIds, returnTargetId } from '../../canvas/ids.js';
import { type InboxHarness, inboxHarness, sessionAtReturns, texts } from './harness.js';

// Step 3 offers Referred by (the referrer's name, email and code on a referred friend's contact,
// written when RF's webhooks say who invited them) as optional return fields: off by default.

let h: InboxHarness | undefined;
afterAll(async () => h?.close());

const W = WizardIds;

describe('wizard step 3: Referred by', () => {
  it('when the admin leaves step 3 as offered, then the sync sends the link and counts and no Referred by; choosing them saves them', async () => {
    h = await inboxHarness();
    const s = await sessionAtReturns(h);
    expect(texts(s.last)).toContain('who invited them');
    await s.click(W.returnsNext);
    expect(texts(s.last)).not.toContain('Referred by');
    await s.click(W.back);
    await s.click(W.returnsNext, { [returnTargetId('referred_by_name')]: 'new', [returnTargetId('referred_by_code')]: 'new' });
    expect(texts(s.last)).toContain('Referred by: Name');
    await s.click(W.start);
    const [def] = await h.deps.sync.listDefinitions(h.workspaceId);
    expect(def!.returnMapping).toEqual({
      referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count', converted_referrals_count: 'rf_converted_referrals_count',
      referred_by_name: 'rf_referred_by_name', referred_by_code: 'rf_referred_by_code',
    });
  });
});
