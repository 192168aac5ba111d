import { afterAll, describe, expect, it } from 'vitest';
import { StatusIds, WizardIds } from '../../canvas/ids.js';
import { type InboxHarness, eventually, inboxHarness, sessionAtReturns, texts } from './harness.js';

let h: InboxHarness | undefined;
afterAll(async () => h?.close());

const W = WizardIds;

describe('the inbox app end to end against the stand-ins', () => {
  it('when an admin runs the wizard to Start Sync, then the users become referrers in RF and carry their links in Intercom', async () => {
    h = await inboxHarness();
    const s = await sessionAtReturns(h);
    await s.click(W.returnsNext);
    await s.click(W.start);
    expect(s.last.event).toEqual({ type: 'completed' });

    const [def] = (await h.deps.sync.listDefinitions(h.workspaceId));
    const run = await eventually(async () => (await h!.deps.sync.listRuns(def!.id))[0], (r) => !!r && r.status !== 'queued' && r.status !== 'running');
    expect(run!.status).toMatch(/succeeded|finished_with_errors/);
    await s.click(StatusIds.refresh);
    expect(texts(s.last)).toContain('Finished');

    const users = (await h.contacts()).filter((c) => c.role === 'user');
    const enrolled = users.filter((c) => typeof c.email === "string" && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email.trim()) && c.name);
    expect(enrolled.length).toBeGreaterThan(3);
    for (const c of enrolled) {
      const referrer = h.sb.rf.control.getUser(c.email!.trim(), 1);
      expect(referrer, c.email!).not.toBeNull();
      expect((await h.contact(c.id)).custom_attributes.rf_referral_link).toBe(referrer!.url);
    }
    // A teammate opening one of them sees the card from the contact's attributes, without calling RF.
    const one = await h.contact(enrolled[0]!.id);
    const before = h.sb.rf.control.stats().requests;
    const card = await h.initialize({ admin: '2', contact: one });
    expect(h.sb.rf.control.stats().requests).toBe(before);
    expect(texts(card)).toContain(String(one.custom_attributes.rf_referral_link));
    expect(texts(card)).toMatch(/"field":"Last synced","value":"(just now|\d+ min ago)"/);

    // Leads were not part of this audience.
    const lead = (await h.contacts()).find((c) => c.role === 'lead' && c.email);
    if (lead) expect(h.sb.rf.control.getUser(lead.email!.trim(), 1)).toBeNull();
  });
});
