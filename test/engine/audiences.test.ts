import { afterEach, describe, expect, test } from 'vitest';
import type { Audience } from '../../src/sync/definition.js';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { basicDefinition, norm, rfEmails, startStack, type Stack } from './harness.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

type Row = Record<string, unknown> & { id: string; role: string; email: string | null; archived: boolean; segment_ids: string[] };

describe('audiences, against both stand-ins', () => {
  test.each<{ title: string; audience: (seg: string) => Audience; pick: (c: Row, seg: string) => boolean }>([
    { title: 'only leads', audience: () => ({ kind: 'leads' }), pick: (c) => c.role === 'lead' },
    { title: 'only users', audience: () => ({ kind: 'users' }), pick: (c) => c.role === 'user' },
    { title: 'all contacts', audience: () => ({ kind: 'all' }), pick: () => true },
    { title: 'one segment', audience: (seg) => ({ kind: 'segment', segmentId: seg }), pick: (c, seg) => c.segment_ids.includes(seg) },
  ])('when the audience is $title, then exactly those contacts are read and every one with an email and a name becomes a referrer', async ({ audience, pick }) => {
    stack = await startStack({ intercom: { seed: { contacts: 80, segments: 3 } } });
    const seg = stack.ic.control.segments()[0]!.id;
    const rows = (stack.ic.control.contacts() as Row[]).filter((c) => !c.archived && pick(c, seg));
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId, { audience: audience(seg) }));
    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);

    expect(rows.length).toBeGreaterThan(0);
    expect(run).toMatchObject({ status: 'succeeded', audienceSize: rows.length, processed: rows.length });
    const expected = rows.filter((c) => c.email).map((c) => norm(c.email));
    const unique = [...new Set(expected)];
    expect(rfEmails(stack).sort()).toEqual(unique.sort());
    // Contacts sharing an email (the seed has some, as real workspaces do) share one referrer.
    expect(run.counts.created).toBe(unique.length);
    expect(run.counts.created + run.counts.linked + run.counts.updated).toBe(expected.length);
    expect(run.counts.skipped).toBe(rows.length - expected.length);
  });
});
