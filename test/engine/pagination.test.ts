import { afterEach, describe, expect, test } from 'vitest';
import type { Audience } from '../../src/sync/definition.js';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { basicDefinition, norm, rfEmails, startStack, type Stack } from './harness.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

type Row = { id: string; role: string; email: string | null; name: string | null; updated_at: number };

// Issue #11, observation 6: Intercom's cursors are stateless, and "if items are updated between 2
// paginated queries, this can lead to duplicate or missed records". The stand-in orders results
// that carry no sort by updated_at descending, so a contact updated by someone else while a run
// pages moves ahead of the cursor.
describe('paging that cannot miss, against the reordering stand-in', () => {
  test.each<{ title: string; audience: Audience; role?: string }>([
    { title: 'all contacts', audience: { kind: 'all' } },
    { title: 'only users', audience: { kind: 'users' }, role: 'user' },
  ])('when someone else updates a contact not read yet between two pages ($title), then the run still enrols it', async ({ audience, role }) => {
    stack = await startStack({ intercom: { seed: { contacts: 60 } }, pageSize: 10 });
    const s = stack;
    const rows = (s.ic.control.contacts() as Row[]).filter((c) => !role || c.role === role);
    let victim: Row | undefined;
    s.ic.control.onPage((page) => {
      if (victim || page.page !== 1) return;
      // A contact of the audience the run has not read yet, whatever order it reads in.
      victim = rows.find((c) => c.email && c.name && !page.ids.includes(c.id))!;
      s.ic.control.updateContact(victim.id, { custom_attributes: { plan: 'changed by a teammate' } });
      s.ic.control.settleIndex(); // the update reaches the search index before the next page
    });
    const def = await saved(s.service, basicDefinition(s.ic.workspaceId, { audience }));
    const run = await waitForRun(s.service, (await s.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);

    expect(victim).toBeDefined();
    expect(rfEmails(s)).toContain(norm(victim!.email));
    expect(run).toMatchObject({ status: 'succeeded', audienceSize: rows.length, processed: rows.length });
  });
});
