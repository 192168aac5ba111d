import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntercomSandbox } from '../../sandbox/intercom/index.js';
import type { IntercomSandbox } from '../../sandbox/intercom/index.js';
import { createIntercomContactSource } from '../../src/integrations/intercom/index.js';
import type { IntercomContactSourceOptions } from '../../src/integrations/intercom/index.js';
import type { Audience } from '../../src/sync/definition.js';
import type { ContactSource, IntercomContact } from '../../src/sync/ports.js';
import type { AppError } from '../../src/shared/errors.js';
import { ensureReturnAttributes } from '../../src/sync/write-back.js';

let ic: IntercomSandbox;
const source = (over: Partial<IntercomContactSourceOptions> = {}): ContactSource =>
  createIntercomContactSource({ baseUrl: ic.url, token: ic.accessToken, timeoutMs: 3000, retryMinDelayMs: 10, ...over });
const rejection = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e as AppError);

async function readAll(src: ContactSource, audience: Audience, updatedSince?: number) {
  const contacts: IntercomContact[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let totalCount = 0;
  do {
    const page = await src.pageAudience(audience, { cursor, updatedSince: updatedSince ?? null, perPage: 60 });
    contacts.push(...page.contacts);
    totalCount = page.totalCount;
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 50);
  return { contacts, pages, totalCount };
}

beforeAll(async () => {
  // 1-s windows: the SDK's wait for X-RateLimit-Reset after an injected 429 stays short.
  ic = await startIntercomSandbox({ seed: { contacts: 300 }, rateWindowSeconds: 1 });
});
afterAll(() => ic.close());

describe('Intercom ContactSource against the stand-in, through the official SDK', () => {
  it('when every audience is paged with the manual cursor, then each contact comes once with the right role and the counts add up', async () => {
    const src = source();
    const all = await readAll(src, { kind: 'all' });
    const leads = await readAll(src, { kind: 'leads' });
    const users = await readAll(src, { kind: 'users' });
    expect(all.contacts).toHaveLength(300);
    expect(all.totalCount).toBe(300);
    expect(all.pages).toBe(5);
    expect(new Set(all.contacts.map((c) => c.id)).size).toBe(300);
    expect(leads.contacts.every((c) => c.role === 'lead')).toBe(true);
    expect(users.contacts.every((c) => c.role === 'user')).toBe(true);
    expect(leads.contacts.length + users.contacts.length).toBe(300);
    expect(leads.totalCount).toBe(leads.contacts.length);
  });

  it('when a segment is paged, then exactly its members come back', async () => {
    const src = source();
    const segments = await src.listSegments();
    const segment = segments.find((s) => (s.count ?? 0) > 0);
    expect(segment).toBeDefined();
    if (!segment) return;
    const members = await readAll(src, { kind: 'segment', segmentId: segment.id });
    expect(members.contacts.length).toBe(segment.count);
  });

  it('when a custom attribute is created and written, then the contact reads back with it; an unknown attribute is refused with its reason', async () => {
    const src = source();
    const created = await src.createDataAttribute('rf_referral_link', 'string');
    expect(created).toMatchObject({ name: 'rf_referral_link', dataType: 'string', custom: true });
    expect((await src.listDataAttributes()).some((a) => a.name === 'rf_referral_link' && a.custom)).toBe(true);
    const [first] = (await src.pageAudience({ kind: 'all' }, { cursor: null, perPage: 1 })).contacts;
    if (!first) throw new Error('no contact');
    await src.updateCustomAttributes(first.id, { rf_referral_link: 'https://rf.example/r/abc' });
    expect((await src.getContact(first.id))?.customAttributes.rf_referral_link).toBe('https://rf.example/r/abc');
    const err = await rejection(src.updateCustomAttributes(first.id, { no_such_attribute_here: 'x' }));
    expect(err).toMatchObject({ code: 'upstream_rejected', status: 400 });
    expect(err.message).toContain('parameter_not_found');
  });

  it('when a contact does not exist, then getContact returns null and a write to it is upstream_not_found', async () => {
    expect(await source().getContact('000000000000000000000000')).toBeNull();
    await expect(source().updateCustomAttributes('000000000000000000000000', { rf_referral_link: 'x' })).rejects.toMatchObject({ code: 'upstream_not_found', status: 404 });
  });

  it('when Intercom answers 503 and 429 once, then the SDK retries and the page still arrives', async () => {
    ic.control.resetStats();
    ic.control.injectFaults({ status: 503, count: 1 });
    ic.control.injectFaults({ status: 429, count: 1 });
    const page = await source().pageAudience({ kind: 'users' }, { cursor: null, perPage: 10 });
    expect(page.contacts).toHaveLength(10);
    expect(ic.control.stats().rateLimited).toBeGreaterThanOrEqual(1);
  });

  it('when the token is refused, then the error is upstream_auth_failed, onAuthFailure is called and the token is not in the message', async () => {
    let failures = 0;
    const err = await rejection(source({ token: 'not-a-valid-token-42', onAuthFailure: () => void (failures += 1) }).listSegments());
    expect(err).toMatchObject({ code: 'upstream_auth_failed', status: 401 });
    expect(err.message).not.toContain('not-a-valid-token-42');
    expect(failures).toBe(1);
  });

  it('when contacts changed since a bound, then searching with updatedSince returns them and not the untouched ones', async () => {
    const src = source();
    await src.createDataAttribute('e1_marker', 'integer');
    const all = await readAll(src, { kind: 'all' });
    const newest = Math.max(...all.contacts.map((c) => c.updatedAt));
    // Intercom compares dates by day: a bound a day after every existing update excludes them all.
    // Last test of the file: the stand-in's clock moves forward (rate-limit resets follow it).
    const later = newest + 2 * 86_400;
    ic.control.setNow((later + 86_400) * 1000);
    const picked = all.contacts.slice(0, 3);
    for (const c of picked) await src.updateCustomAttributes(c.id, { e1_marker: 1 });
    ic.control.settleIndex(); // not about the search-index delay: let search see the writes
    const changed = await readAll(src, { kind: 'all' }, later);
    expect(changed.contacts.map((c) => c.id).sort()).toEqual(picked.map((c) => c.id).sort());
    const changedLeads = await readAll(src, { kind: 'leads' }, later);
    expect(changedLeads.contacts.every((c) => c.role === 'lead' && picked.some((p) => p.id === c.id))).toBe(true);
  });

  it('when several callers create the same missing return attributes at once, then every call succeeds and each attribute exists once', async () => {
    const mapping = { referral_link: 'race_link', referrals_count: 'race_count', converted_referrals_count: 'race_converted', referrer_id: 'race_id' };
    const results = await Promise.allSettled([1, 2, 3].map(() => ensureReturnAttributes(source(), mapping)));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
    const names = ic.control.dataAttributes().filter((a) => a.custom).map((a) => a.name);
    for (const name of Object.values(mapping)) expect(names.filter((n) => n === name)).toHaveLength(1);
  });
});
