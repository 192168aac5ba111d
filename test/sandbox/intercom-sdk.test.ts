import { IntercomClient, IntercomError } from 'intercom-client';
import type { Intercom } from 'intercom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';

let sb: IntercomSandbox;
let client: IntercomClient;
type Row = { id: string; role: string; email: string | null; updated_at: number; segment_ids: string[] };
const rows = () => sb.control.contacts() as unknown as Row[];

async function all<T>(page: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of page) out.push(item);
  return out;
}
const search = (query: Intercom.SearchRequest['query'], per_page = 150) => client.contacts.search({ query, pagination: { per_page } });

beforeAll(async () => {
  sb = await startIntercomSandbox({ seed: { contacts: 330 } });
  client = new IntercomClient({ token: sb.accessToken, baseUrl: sb.url, maxRetries: 0 });
});
afterAll(() => sb.close());

describe('Intercom stand-in through the official SDK', () => {
  it('when the SDK pages through every contact, then it sees each exactly once across pages', async () => {
    const seen = await all(await client.contacts.list({ per_page: 150 }));
    expect(seen.map((c) => c.id).sort()).toEqual(rows().map((c) => c.id).sort());
  });

  it('when searching by role, then only that role comes back, across pages', async () => {
    const leads = await all(await search({ field: 'role', operator: '=', value: 'lead' }, 40));
    expect(leads.length).toBe(rows().filter((c) => c.role === 'lead').length);
    expect(leads.length).toBeGreaterThan(40);
    expect(leads.every((c) => c.role === 'lead')).toBe(true);
  });

  it('when searching by segment, then exactly the members come back', async () => {
    const members = await all(await search({ field: 'segment_id', operator: '=', value: 'seg_002' }));
    const expected = rows().filter((c) => c.segment_ids.includes('seg_002')).map((c) => c.id).sort();
    expect(members.map((c) => c.id).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('when a contact is updated later on the checkpoint day, then updated_at > checkpoint misses it but > the day before finds it', async () => {
    const dayStart = Math.floor(sb.control.now() / 1000 / 86_400) * 86_400;
    sb.control.setNow((dayStart + 3600) * 1000);
    const checkpoint = dayStart + 1800;
    const target = rows()[5] as Row;
    sb.control.setNow((dayStart + 7200) * 1000);
    await client.contacts.update({ contact_id: target.id, name: 'Same Day' });
    sb.control.settleIndex(); // past the search-index delay (minutes, still the same day)
    const strict = await all(await search({ field: 'updated_at', operator: '>', value: checkpoint }));
    expect(strict.map((c) => c.id)).not.toContain(target.id);
    const lookBack = await all(await search({ field: 'updated_at', operator: '>', value: dayStart - 1 }));
    expect(lookBack.map((c) => c.id)).toContain(target.id);
  });

  it('when a query nests groups three deep or puts 16 filters in a group, then it is refused with 400', async () => {
    const leaf = { field: 'role', operator: '=', value: 'user' } as const;
    const deep = { operator: 'AND', value: [{ operator: 'OR', value: [{ operator: 'AND', value: [leaf] }] }] };
    await expect(search(deep as never)).rejects.toMatchObject({ statusCode: 400 });
    const wide = { operator: 'OR', value: Array.from({ length: 16 }, () => leaf) };
    await expect(search(wide as never)).rejects.toMatchObject({ statusCode: 400 });
    const ok = await search({ operator: 'OR', value: Array.from({ length: 15 }, () => leaf) } as never);
    expect(ok.data.length).toBeGreaterThan(0);
  });

  it('when a custom attribute does not exist, then PUT is refused; once created, the write lands and bumps updated_at', async () => {
    const target = rows()[7] as Row;
    const err = await client.contacts.update({ contact_id: target.id, custom_attributes: { rf_link: 'https://x' } }).catch((e) => e);
    expect(err).toBeInstanceOf(IntercomError);
    expect((err as IntercomError).statusCode).toBe(400);
    await client.dataAttributes.create({ name: 'rf_link', model: 'contact', data_type: 'string' } as unknown as Intercom.CreateDataAttributeRequest);
    sb.control.advance(5);
    const updated = await client.contacts.update({ contact_id: target.id, custom_attributes: { rf_link: 'https://x' } });
    expect(updated.custom_attributes).toMatchObject({ rf_link: 'https://x' });
    expect(updated.updated_at).toBeGreaterThan(target.updated_at);
  });

  it('when a data attribute name is invalid or taken, then creation is refused with parameter_invalid', async () => {
    const create = (name: string) =>
      client.dataAttributes.create({ name, model: 'contact', data_type: 'string' } as unknown as Intercom.CreateDataAttributeRequest).catch((e) => e);
    for (const name of ['bad.name!', 'plan', 'Email']) {
      const err = (await create(name)) as IntercomError;
      expect(err.statusCode).toBe(400);
      expect((err.body as Intercom.Error_).errors[0]?.code).toBe('parameter_invalid');
    }
  });

  it('when the contact does not exist, then the SDK gets a 404 not_found error.list', async () => {
    const err = (await client.contacts.find({ contact_id: 'missing' }).catch((e) => e)) as IntercomError;
    expect(err.statusCode).toBe(404);
    expect((err.body as Intercom.Error_).errors[0]?.code).toBe('not_found');
  });
});
