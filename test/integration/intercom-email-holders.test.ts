import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { createIntercomContactSource } from '../../src/integrations/intercom/index.js';

// The owner-per-email look-up (ContactSource.findContactsByEmail) through the SDK over HTTP.
let ic: IntercomSandbox;
beforeAll(async () => {
  ic = await startIntercomSandbox({ seed: { contacts: 20 } });
  ic.control.createContact({ role: 'user', email: 'Mixed.Case@Example.test', name: 'Mixed' });
  ic.control.createContact({ role: 'lead', email: 'mixed.case@example.test', name: 'Lower' });
  ic.control.settleIndex();
});
afterAll(async () => ic.close());

describe('Intercom: contacts holding an email', () => {
  test('when a lead and a user share an email, then both come back, oldest first', async () => {
    const source = createIntercomContactSource({ baseUrl: ic.url, token: ic.accessToken });
    const holders = await source.findContactsByEmail('sam.shared@acme.test');
    expect(holders.map((c) => c.role)).toEqual(['lead', 'user']);
    expect(holders[0]!.createdAt).toBeLessThanOrEqual(holders[1]!.createdAt);
    expect(await source.findContactsByEmail('nobody@nowhere.test')).toEqual([]);
  });

  test('when the same address is stored with other capitals, then the forms asked for (as given, trimmed, lowercased) find both', async () => {
    const source = createIntercomContactSource({ baseUrl: ic.url, token: ic.accessToken });
    const holders = await source.findContactsByEmail(' Mixed.Case@Example.test');
    expect(holders.map((c) => c.name).sort()).toEqual(['Lower', 'Mixed']);
  });
});
