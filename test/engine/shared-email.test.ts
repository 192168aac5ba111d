import { afterEach, describe, expect, test } from 'vitest';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { BASIC_CAMPAIGN, basicDefinition, norm, startStack, type Stack } from './harness.js';
import { contactRows, expectAccounted } from './invariants.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

const searches = (s: Stack) => s.ic.control.stats().byRoute['POST /contacts/search'] ?? 0;

describe('one owner per email (issue #11, observation 3)', () => {
  test('when contacts share an email (a lead and a user; two users), then three full runs make RF writes in the first only, the referrer carries the owner\'s name, and every holder gets the link', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 60 } } });
    const s = stack;
    const rows = contactRows(s.ic).filter((c) => !c.archived && c.email);
    const byEmail = new Map<string, typeof rows>();
    for (const c of rows) byEmail.set(norm(c.email), [...(byEmail.get(norm(c.email)) ?? []), c]);
    const shared = [...byEmail.entries()].filter(([, holders]) => holders.length > 1);
    // The seed's pairs: a lead and a user, and two users.
    expect(shared.map(([, h]) => h.map((c) => c.role).sort().join('+')).sort()).toEqual(['lead+user', 'user+user']);

    const def = await saved(s.service, basicDefinition(s.ic.workspaceId));
    const writes: number[] = [];
    const ownerSearches: number[] = [];
    for (let i = 0; i < 3; i++) {
      s.ic.control.settleIndex(); // search sees the previous run's writes
      s.rf.control.resetStats();
      s.ic.control.resetStats();
      const run = await waitForRun(s.service, (await s.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
      expect(run).toMatchObject({ mode: 'full', status: 'succeeded' });
      expectAccounted(run);
      writes.push(s.rf.control.stats().writes);
      ownerSearches.push(searches(s) - 2); // minus the two pages of 50
    }
    expect(writes[0]).toBeGreaterThan(0);
    expect(writes.slice(1)).toEqual([0, 0]);
    // At most one owner search per shared email per run; none for emails held by one contact.
    for (const n of ownerSearches.slice(1)) expect(n).toBeLessThanOrEqual(shared.length);

    for (const [email, holders] of shared) {
      const owner = [...holders].sort((a, b) => (a.role !== b.role ? (a.role === 'user' ? -1 : 1) : Number(a.created_at) - Number(b.created_at)))[0]!;
      const referrer = s.rf.control.getUser(email, BASIC_CAMPAIGN)!;
      expect(referrer.first_name).toBe(String(owner.name).trim().split(/\s+/)[0]);
      for (const h of holders) expect(s.ic.control.contact(h.id)?.custom_attributes).toMatchObject({ rf_link: referrer.url });
    }
  }, 60_000);
});
