import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTeammates } from '../../src/install/workspace-admins.js';
import { createIntercomContactSource } from '../../src/integrations/intercom/index.js';
import type { AppError } from '../../src/shared/errors.js';
import type { ContactSource } from '../../src/sync/ports.js';
import { intercomFixture, startFixtureServer } from './fixtures.js';

// The app's Intercom integration (the official SDK over real HTTP) against our bodies of answers
// recorded from the live API (fixtures/intercom/README.md): it parses and maps every one.
let server: Awaited<ReturnType<typeof startFixtureServer>>;
let authFailures = 0;
let source: ContactSource;
const rejection = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e as AppError);

beforeAll(async () => {
  server = await startFixtureServer();
  source = createIntercomContactSource({ baseUrl: server.url, token: 'fixture-token', maxRetries: 0, retryMinDelayMs: 1, timeoutMs: 3000, onAuthFailure: () => void (authFailures += 1) });
});
afterAll(() => server.close());

describe('Intercom contract: the app reads recorded answers', () => {
  it('when a contact list page is read (escaped names, a user without a name, a lead without an email, a next cursor), then every contact maps', async () => {
    const body = intercomFixture('contact-list');
    server.answer(200, body);
    const page = await source.pageAudience({ kind: 'all' }, { cursor: null, perPage: 10 });
    expect(server.last()).toMatchObject({ method: 'POST', url: '/contacts/search', body: { sort: { field: 'created_at', order: 'ascending' } } });
    expect(page).toMatchObject({ totalCount: 23, nextCursor: body.pages.next.starting_after });
    expect(page.contacts).toEqual([
      expect.objectContaining({ id: '6a01f3c2b7e94d0a1c5e8f21', role: 'user', name: 'Rosa & Ivo Café', email: 'rosa.ivo@cafe-rosa.test', externalId: 'b2d6f0a4-1c3e-4f5a-9b7d-2e8c0a6f4d13', createdAt: 1778131334, updatedAt: 1778134495 }),
      expect.objectContaining({ role: 'user', name: null, email: 't.okafor@example.test' }),
      expect.objectContaining({ role: 'lead', name: 'Visitor from Lyon', email: null, phone: null }),
    ]);
  });

  it('when a search page is read (two users sharing an email, a name with &, \' and <, attribute values of every type), then every contact maps', async () => {
    server.answer(200, intercomFixture('search-page'));
    const page = await source.pageAudience({ kind: 'users' }, { cursor: 'WzE3NzgyMTc0MDIwMDAsIjZhMDIiLDFd', perPage: 50 });
    expect(server.last()?.body).toMatchObject({ query: { field: 'role', operator: '=', value: 'user' }, pagination: { per_page: 50, starting_after: 'WzE3NzgyMTc0MDIwMDAsIjZhMDIiLDFd' } });
    expect(page.nextCursor).toBeNull();
    expect(page.contacts.map((c) => [c.email, c.name])).toEqual([
      ['noor@haddad-trading.test', 'Noor Haddad'],
      ['noor@haddad-trading.test', 'Noor H.'],
      ['aoife@oneill.test', "O'Neill & Daughters <Wholesale>"],
    ]);
    expect(page.contacts[0]?.customAttributes).toEqual({ plan_tier: 'gold', monthly_spend: 155.5, paid_subscriber: true, churned_at: null });
    expect(page.contacts[2]?.phone).toBe('+353861234567');
  });

  it('when a single user and a single lead are read, then both map (avatar a URL, owner set; a lead with neither email nor name)', async () => {
    server.answer(200, intercomFixture('contact-user'));
    expect(await source.getContact('6a03b2c4d6e8f0a2b4c6d8e0')).toMatchObject({ id: '6a03b2c4d6e8f0a2b4c6d8e0', role: 'user', name: 'Maya Lindqvist', externalId: '70' });
    expect(server.last()).toMatchObject({ method: 'GET', url: '/contacts/6a03b2c4d6e8f0a2b4c6d8e0' });
    server.answer(200, intercomFixture('contact-lead'));
    expect(await source.getContact('6a03b2c4d6e8f0a2b4c6d8e1')).toMatchObject({ role: 'lead', email: null, name: null });
  });

  it('when segments are read (no pages key, no count), then each maps with a null count', async () => {
    server.answer(200, intercomFixture('segments'));
    expect(await source.listSegments()).toEqual([
      { id: '6a04c1d2e3f4a5b6c7d8e9f0', name: 'Active', personType: 'user', count: null },
      { id: '6a04c1d2e3f4a5b6c7d8e9f1', name: 'Wholesale', personType: 'user', count: null },
      { id: '6a04c1d2e3f4a5b6c7d8e9f2', name: 'Event leads', personType: 'contact', count: null },
    ]);
  });

  it('when data attributes are read (standard without id, custom with, a list attribute with options), then each maps', async () => {
    server.answer(200, intercomFixture('data-attributes'));
    const attrs = await source.listDataAttributes();
    expect(attrs.map((a) => [a.name, a.dataType, a.custom, a.apiWritable])).toEqual([
      ['name', 'string', false, true],
      ['owner_id', 'integer', false, true],
      ['role', 'string', false, true],
      ['Referral Link', 'string', true, true],
      ['seats', 'integer', true, true],
      ['Plan tier', 'string', true, true],
    ]);
    expect(attrs.map((a) => a.options)).toEqual([null, null, null, null, null, ['Starter', 'Growth', 'Scale']]);
  });

  it('when admins are read (job_title on one only), then each teammate maps', async () => {
    server.answer(200, intercomFixture('admins'));
    expect(await listTeammates({ baseUrl: server.url, token: 'fixture-token' })).toEqual([
      { id: '991267001', name: 'June Park', email: 'june.park@example.test' },
      { id: '991267002', name: 'Fin', email: 'operator+q9z2kx4m@intercom.test' },
    ]);
  });

  it('when Intercom answers 401 unauthorized, then the error is upstream_auth_failed and the installation is told', async () => {
    server.answer(401, intercomFixture('error-401-unauthorized'));
    const before = authFailures;
    const err = await rejection(source.listSegments());
    expect(err).toMatchObject({ code: 'upstream_auth_failed', status: 401 });
    expect(err.message).toContain('unauthorized (Access Token Invalid)');
    expect(authFailures).toBe(before + 1);
  });

  it('when a call is refused 404, then a read of that contact is null', async () => {
    server.answer(404, intercomFixture('error-404-not-found'));
    expect(await source.getContact('6a03b2c4d6e8f0a2b4c6d8ff')).toBeNull();
  });

  it('when Intercom answers 429 and no retry is left, then the error is upstream_rate_limited with the request id', async () => {
    const body = intercomFixture('error-429-rate-limited');
    server.answer(429, body);
    const err = await rejection(source.listSegments());
    expect(err).toMatchObject({ code: 'upstream_rate_limited', status: 429, retryable: true });
    expect(err.message).toContain(body.request_id);
  });

  it('when a list attribute refuses a value with 400, then the write fails as upstream_rejected with Intercom\'s reason', async () => {
    server.answer(400, intercomFixture('error-400-list-attribute'));
    const err = await rejection(source.updateCustomAttributes('6a03b2c4d6e8f0a2b4c6d8e0', { 'Plan tier': 'https://rf.example/r/ab12' }));
    expect(err).toMatchObject({ code: 'upstream_rejected', status: 400 });
    expect(err.message).toContain("parameter_invalid ('https://rf.example/r/ab12' is not an option");
  });

  it('when a token lacks a permission (401 token_unauthorized), then the error is upstream_permission_missing naming what the call needs, and the installation is not told', async () => {
    server.answer(401, intercomFixture('error-401-token-unauthorized'));
    const before = authFailures;
    const read = await rejection(source.listSegments());
    expect(read).toMatchObject({ code: 'upstream_permission_missing', status: 401, retryable: false });
    expect(read.message).toBe('Intercom refused: the app lacks the “Read and list users and companies” permission. An app admin must reinstall the app to grant it.');
    const write = await rejection(source.updateCustomAttributes('6a03b2c4d6e8f0a2b4c6d8e0', { seats: 3 }));
    expect(write.message).toContain('“Write users and companies”');
    const create = await rejection(source.createDataAttribute('rf_referral_link', 'string'));
    expect(create.message).toContain('“Write data attributes”');
    expect(authFailures).toBe(before);
  });

  it('when a refusal names the permissions it needs, then those are named', async () => {
    const body = intercomFixture('error-401-token-unauthorized');
    server.answer(403, { ...body, errors: [{ code: 'action_forbidden', message: 'Forbidden', data: { required_permissions: ['Read tags'] } }] });
    expect((await rejection(source.listSegments())).message).toContain('the app lacks the “Read tags” permission');
  });
});
