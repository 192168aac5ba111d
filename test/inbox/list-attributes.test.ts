import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, WizardIds, returnTargetId } from '../../canvas/ids.js';
import { ADMIN, type InboxHarness, errorsOf, find, inboxHarness, optionsOf, putCampaignSync, texts } from './harness.js';

// Issue #11, observation 5: a list (options) attribute refuses any value outside its options
// (Intercom-OpenAPI PR #457), so it can never hold a referral link or a count. The stand-in's seed
// has one: "Customer tier" (Bronze, Silver, Gold), a string attribute.
let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const W = WizardIds;
const TIER = 'Customer tier';

async function toReturnsStep(x: InboxHarness) {
  const s = x.session({ admin: ADMIN });
  await s.open();
  await s.click(CardIds.settings);
  await s.click(W.connectNext, { [W.campaign.choice]: '2' });
  await s.click(W.audienceNext, { [W.audienceType]: 'all' });
  await s.click(W.fieldsNext);
  expect(texts(s.last)).toContain('Map Referral Factory Fields to Intercom');
  return s;
}

describe('list attributes are never return targets', () => {
  it('when an admin looks for an existing attribute to hold the referral link, then list attributes are not offered', async () => {
    h = await inboxHarness();
    const s = await toReturnsStep(h);
    await s.click(W.returnsNext, { [returnTargetId('referral_link')]: 'existing:?' });
    expect(find(s.last, W.attribute.filter)).toBeDefined();
    await s.click(W.attribute.filterGo, { [W.attribute.filter]: 'Referral' });
    expect(optionsOf(s.last, W.attribute.choice).map((o) => o.id)).toContain('Referral Link Legacy'); // a plain text attribute is
    await s.click(W.attribute.filterGo, { [W.attribute.filter]: 'tier' });
    expect(optionsOf(s.last, W.attribute.choice).map((o) => o.id)).not.toContain(TIER);
  });

  it('when stored_data sends a return field to a list attribute, then the step refuses it, saying why', async () => {
    h = await inboxHarness();
    const s = await toReturnsStep(h);
    const stored = s.last.canvas.stored_data;
    s.forge({ ...stored, draft: { ...stored.draft, returns: { ...stored.draft.returns, referral_link: `existing:${TIER}` } } });
    await s.click(W.returnsNext);
    expect(find(s.last, returnTargetId('referral_link'))?.save_state).toBe('failed');
    expect(errorsOf(s.last).join(' ')).toContain(`${TIER} is a list attribute: Intercom accepts only Bronze, Silver or Gold`);
  });

  it('when a definition maps a return field to a list attribute, then saving it is refused', async () => {
    h = await inboxHarness();
    const saved = await h.deps.sync.saveDefinition({
      workspaceId: h.workspaceId, campaignId: 2, audience: { kind: 'all' },
      fieldMapping: [
        { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
        { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'trim' },
      ],
      returnMapping: { referral_link: TIER },
      schedule: { type: 'one_time' }, enabled: true,
    });
    expect(saved).toMatchObject({ ok: false, errors: [{ path: 'returnMapping.referral_link', code: 'attribute_is_list' }] });
  });

  it('when an existing sync writes a return field to a list attribute, then the status screen says which, why, and to edit settings', async () => {
    h = await inboxHarness();
    await putCampaignSync(h, { returnMapping: { referral_link: TIER } });
    const status = await h.submit(CardIds.settings, { admin: ADMIN, storedData: { v: 1, flow: 'card' } });
    expect(texts(status)).toContain('Sync status');
    expect(texts(status)).toContain(`Referral Link cannot be written: ${TIER} is a list attribute and Intercom accepts only Bronze, Silver or Gold. Choose another attribute in Edit settings.`);
  });
});
