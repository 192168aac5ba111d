import { afterEach, describe, expect, it } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox, type IntercomSandboxOptions } from '../../sandbox/intercom/index.js';

// Order, stateless cursors and the search-index delay (sandbox/intercom/README.md).
let sb: IntercomSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});
const start = async (o: IntercomSandboxOptions = {}) => (sb = await startIntercomSandbox({ seed: { contacts: 30 }, ...o }));

type Contact = { id: string; name: string | null; created_at: number; updated_at: number; custom_attributes: Record<string, unknown> };
type Page = { data: Contact[]; total_count: number; pages: { page: number; total_pages: number; next?: { page: number; starting_after: string } } };

async function call(path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const s = sb as IntercomSandbox;
  const res = await fetch(`${s.url}${path}`, {
    method: body === undefined ? 'GET' : path.startsWith('/contacts/search') ? 'POST' : 'PUT',
    headers: { authorization: `Bearer ${s.accessToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}
const search = async (o: { query?: unknown; sort?: unknown; per_page?: number; after?: string }) =>
  (await call('/contacts/search', { query: o.query ?? { field: 'role', operator: 'IN', value: ['user', 'lead'] }, pagination: { per_page: o.per_page ?? 10, starting_after: o.after }, ...(o.sort ? { sort: o.sort } : {}) })).body as Page;

/** Pages a search to the end; `between` runs after each page (writes by "someone else"). */
async function searchAll(o: { sort?: unknown; per_page: number }, between: (page: number) => void = () => {}) {
  const ids: string[] = [];
  let after: string | undefined;
  for (let page = 1; page < 50; page++) {
    const res = await search({ ...o, after });
    ids.push(...res.data.map((c) => c.id));
    between(page);
    after = res.pages.next?.starting_after;
    if (!after) break;
  }
  return ids;
}

describe('Intercom stand-in: search order, cursors and the index delay', () => {
  it('when a search sorts on created_at ascending, then pages follow that order and the cursor is base64 [sort key in ms, id, page]', async () => {
    const s = await start();
    const ids = await searchAll({ sort: { field: 'created_at', order: 'ascending' }, per_page: 7 });
    const expected = (s.control.contacts() as Contact[]).sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1)).map((c) => c.id);
    expect(ids).toEqual(expected);
    const first = await search({ sort: { field: 'created_at', order: 'ascending' }, per_page: 7 });
    const [key, id, page] = JSON.parse(Buffer.from(first.pages.next!.starting_after, 'base64').toString('utf8'));
    expect([key, id, page]).toEqual([first.data[6]!.created_at * 1000, first.data[6]!.id, 1]);
    const byName = await search({ sort: { field: 'name', order: 'descending' }, per_page: 30 });
    const names = byName.data.map((c) => c.name).filter((n): n is string => n !== null);
    expect(names).toEqual([...names].sort().reverse());
  });

  it('when the sort field is unknown or the order is not ascending/descending, then search answers 400', async () => {
    await start();
    const bad = await call('/contacts/search', { query: { field: 'role', operator: '=', value: 'user' }, sort: { field: 'shoe_size', order: 'ascending' } });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ code: 'parameter_invalid' }] } });
    const order = await call('/contacts/search', { query: { field: 'role', operator: '=', value: 'user' }, sort: { field: 'created_at', order: 'up' } });
    expect(order).toMatchObject({ status: 400, body: { errors: [{ code: 'invalid_sort_order' }] } });
  });

  it('when a contact not read yet is updated between two pages of a search without sort, then it moves ahead of the cursor and is skipped; sorted on created_at it is read', async () => {
    const s = await start();
    const all = (s.control.contacts() as Contact[]).length;
    // Default order: updated_at descending. The contact last in that order is updated after page 1.
    const order = await searchAll({ per_page: 10 });
    expect(order).toHaveLength(all);
    const victim = order[order.length - 1]!;
    const touch = (page: number) => {
      if (page !== 1) return;
      s.control.updateContact(victim, { custom_attributes: { plan: 'pro' } });
      s.control.settleIndex(); // once indexed, the update moves the contact
    };
    const unsorted = await searchAll({ per_page: 10 }, touch);
    expect(unsorted).not.toContain(victim);
    expect(unsorted).toHaveLength(all - 1);

    const victim2 = (await searchAll({ sort: { field: 'created_at', order: 'ascending' }, per_page: 10 })).at(-1)!;
    const sorted = await searchAll({ sort: { field: 'created_at', order: 'ascending' }, per_page: 10 }, (page) => {
      if (page === 1) {
        s.control.updateContact(victim2, { custom_attributes: { plan: 'pro' } });
        s.control.settleIndex();
      }
    });
    expect(sorted).toContain(victim2);
    expect(new Set(sorted).size).toBe(all);
  });

  it('when GET /contacts pages while an unread contact is updated, then it is skipped (updated_at descending, no delay); listSort created_at ascending reads it', async () => {
    const s = await start();
    const list = async (after?: string) => (await call(`/contacts?per_page=10${after ? `&starting_after=${encodeURIComponent(after)}` : ''}`)).body as Page;
    const pageAll = async (between: (page: number) => void) => {
      const ids: string[] = [];
      let after: string | undefined;
      for (let page = 1; page < 20; page++) {
        const res = await list(after);
        ids.push(...res.data.map((c) => c.id));
        between(page);
        after = res.pages.next?.starting_after;
        if (!after) break;
      }
      return ids;
    };
    const before = await pageAll(() => {});
    const victim = before.at(-1)!;
    const missed = await pageAll((p) => void (p === 1 && s.control.updateContact(victim, { name: 'Moved Ahead' })));
    expect(missed).not.toContain(victim);
    s.control.setBehaviour({ listSort: { field: 'created_at', order: 'ascending' } });
    const victim2 = (await pageAll(() => {})).at(-1)!;
    const kept = await pageAll((p) => void (p === 1 && s.control.updateContact(victim2, { name: 'Stays Put' })));
    expect(kept).toContain(victim2);
  });

  it('when a contact is created or updated, then search does not see it for the index delay, and until then returns the indexed version', async () => {
    const s = await start({ behaviour: { searchIndexDelaySeconds: 300 } });
    const created = s.control.createContact({ role: 'lead', email: 'new.lead@acme.test', name: 'New Lead' }) as Contact;
    const byEmail = { field: 'email', operator: '=', value: 'new.lead@acme.test' };
    expect((await call(`/contacts/${created.id}`)).status).toBe(200); // reads by id are live
    expect((await search({ query: byEmail })).total_count).toBe(0);
    s.control.advance(299);
    expect((await search({ query: byEmail })).total_count).toBe(0);
    s.control.advance(2);
    expect((await search({ query: byEmail })).data.map((c) => c.id)).toEqual([created.id]);

    const old = (s.control.contacts() as Contact[])[3]!;
    const put = await call(`/contacts/${old.id}`, { custom_attributes: { plan: 'enterprise-x' } });
    expect(put.body.custom_attributes.plan).toBe('enterprise-x');
    const byId = { field: 'id', operator: '=', value: old.id };
    const stale = (await search({ query: byId })).data[0]!;
    expect(stale.updated_at).toBe(old.updated_at);
    expect(stale.custom_attributes.plan).toBe(old.custom_attributes.plan);
    expect((await search({ query: { field: 'custom_attributes.plan', operator: '=', value: 'enterprise-x' } })).total_count).toBe(0);
    s.control.setBehaviour({ searchReturns: 'current' });
    expect((await search({ query: byId })).data[0]!.custom_attributes.plan).toBe('enterprise-x');
    s.control.settleIndex();
    expect((await search({ query: { field: 'custom_attributes.plan', operator: '=', value: 'enterprise-x' } })).data.map((c) => c.id)).toEqual([old.id]);
  });

  it('when the switches are driven over HTTP, then /_sandbox/behaviour and /_sandbox/index/settle change what search sees', async () => {
    const s = await start();
    const control = (path: string, body?: unknown) =>
      fetch(`${s.url}/_sandbox${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect((await control('/behaviour')).body).toMatchObject({ searchIndexDelaySeconds: 180, searchReturns: 'indexed', defaultSearchSort: { field: 'updated_at', order: 'descending' } });
    expect((await control('/behaviour', { searchIndexDelaySeconds: -1 })).status).toBe(400);
    expect((await control('/behaviour', { searchIndexDelaySeconds: 600 })).body.searchIndexDelaySeconds).toBe(600);
    s.control.createContact({ email: 'late@acme.test', name: 'Late User' });
    const q = { query: { field: 'email', operator: '=', value: 'late@acme.test' } };
    expect((await search(q)).total_count).toBe(0);
    const before = s.control.now();
    const settled = await control('/index/settle', {});
    expect(settled.body.now).toBeGreaterThanOrEqual(before + 600_000);
    expect((await search(q)).total_count).toBe(1);
    const token = (await control('/tokens', { scopes: ['Read and list users and companies'] })).body.token as string;
    const res = await fetch(`${s.url}/data_attributes`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', model: 'contact', data_type: 'string' }) });
    expect(res.status).toBe(401);
  });
});
