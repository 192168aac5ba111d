import { afterEach, describe, expect, test } from 'vitest';
import { saved, waitForRun } from '../unit/sync/service-helpers.js';
import { basicDefinition, norm, startStack, type Stack } from './harness.js';

let stack: Stack | undefined;
afterEach(async () => stack?.close());

type Row = { id: string; email: string | null; name: string | null };

// Issue #11, observation 2: Intercom returns `name` HTML-escaped (`O&#39;Brien &amp; Sons`); RF
// must receive the name a person typed.
describe('names, against both stand-ins', () => {
  test('when contacts whose names hold &, \', ", < and > are synced, then RF receives them decoded', async () => {
    stack = await startStack({ intercom: { seed: { contacts: 20 } } });
    const rows = stack.ic.control.contacts() as Row[];
    const obrien = rows.find((c) => c.name === "O'Brien & Sons")!;
    const ada = rows.find((c) => c.name === 'Ada "Countess" <Lovelace>')!;
    const escaped = await fetch(`${stack.ic.url}/contacts/${obrien.id}`, { headers: { authorization: `Bearer ${stack.ic.accessToken}` } });
    expect((await escaped.json()).name).toBe('O&#39;Brien &amp; Sons'); // what Intercom sends
    const def = await saved(stack.service, basicDefinition(stack.ic.workspaceId, {
      fieldMapping: [
        { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'none' },
        { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'trim' },
      ],
    }));
    const run = await waitForRun(stack.service, (await stack.service.startRun(def.id, { trigger: 'manual' })).run.id, 20_000);
    expect(run.status).toBe('succeeded');
    expect(stack.rf.control.getUser(norm(obrien.email), 2)?.first_name).toBe("O'Brien & Sons");
    expect(stack.rf.control.getUser(norm(ada.email), 2)?.first_name).toBe('Ada "Countess" <Lovelace>');
  });
});
