import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IntercomClient, IntercomError } from 'intercom-client';
import type { Intercom } from 'intercom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES, startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { Contact, ErrorBody } from '../contract/intercom-openapi.js';

// POST /contacts on the stand-in, through the official SDK over real HTTP: Intercom's create-contact
// rules (sandbox/intercom/README.md, "Creating contacts").

let sb: IntercomSandbox;
let client: IntercomClient;
let hooks: Server;
const delivered: Array<{ topic: string; id: string }> = [];
type Row = { id: string; role: string; email: string | null; archived: boolean };
const rows = () => sb.control.contacts() as unknown as Row[];

const create = (body: Record<string, unknown>, c = client) => c.contacts.create(body as Intercom.CreateContactRequest);
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(IntercomError);
  const e = err as IntercomError;
  expect(ErrorBody.safeParse(e.body).success).toBe(true);
  return { status: e.statusCode, ...(e.body as { errors: Array<{ code: string; message: string }> }).errors[0]! };
};
const searchEmail = async (email: string) =>
  (await client.contacts.search({ query: { field: 'email', operator: '=', value: email } })).data.map((c) => c.id);

beforeAll(async () => {
  sb = await startIntercomSandbox({ seed: { contacts: 20 } });
  client = new IntercomClient({ token: sb.accessToken, baseUrl: sb.url, maxRetries: 0 });
  hooks = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method === 'POST') {
        const body = JSON.parse(raw) as { topic: string; data: { item: { id: string } } };
        delivered.push({ topic: body.topic, id: body.data.item.id });
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  await sb.control.registerWebhook(`http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hooks`);
  await client.dataAttributes.create({ name: 'rf_link', model: 'contact', data_type: 'string' } as unknown as Intercom.CreateDataAttributeRequest);
});
afterAll(async () => {
  await sb.close();
  await new Promise((r) => hooks.close(r));
});

describe('Intercom stand-in: POST /contacts', () => {
  it('when a lead is created with an attribute, then the answer is a whole contact, search misses it until the index catches up, and contact.lead.created is delivered', async () => {
    const lead = await create({ role: 'lead', email: 'joiner@rf.test', name: 'Joiner', custom_attributes: { rf_link: 'https://rf.test/r/J1' } });
    expect(Contact.safeParse(lead).success).toBe(true);
    expect(lead).toMatchObject({ role: 'lead', email: 'joiner@rf.test', name: 'Joiner', signed_up_at: null, custom_attributes: { rf_link: 'https://rf.test/r/J1' } });
    expect(await searchEmail('joiner@rf.test')).toEqual([]);
    sb.control.settleIndex();
    expect(await searchEmail('joiner@rf.test')).toEqual([lead.id]);
    await expect.poll(() => delivered.find((d) => d.id === lead.id)?.topic).toBe('contact.lead.created');
  });

  it('when a user is created with the email of an existing user, then 409 conflict names that user, in Intercom’s words; a lead with it is created', async () => {
    const user = rows().find((r) => r.role === 'user' && r.email !== null)!;
    const answer = await refusal(create({ role: 'user', email: user.email!.toUpperCase() }));
    expect(answer).toEqual({ status: 409, code: 'conflict', message: `A contact matching those details already exists with id=${user.id}` });
    const lead = await create({ role: 'lead', email: user.email! });
    expect(lead.id).not.toBe(user.id);
  });

  it('when the user holding the email is archived, then 409 says an archived contact', async () => {
    const user = sb.control.createContact({ role: 'user', email: 'gone@rf.test' }) as { id: string };
    sb.control.archiveContact(user.id);
    const answer = await refusal(create({ role: 'user', email: 'gone@rf.test' }));
    expect(answer).toEqual({ status: 409, code: 'conflict', message: `An archived contact matching those details already exists with id=${user.id}` });
  });

  it('when a token lacks “Write users and companies”, then 401 token_unauthorized and nothing is created', async () => {
    const before = rows().length;
    const reader = new IntercomClient({ token: sb.control.issueToken(undefined, [SCOPES.readUsers]), baseUrl: sb.url, maxRetries: 0 });
    expect(await refusal(create({ role: 'lead', email: 'nope@rf.test' }, reader))).toMatchObject({ status: 401, code: 'token_unauthorized' });
    expect(rows().length).toBe(before);
  });

  it('when the body is invalid (unknown attribute, a user without email or external id, a lead with an external id), then 400 and nothing is created', async () => {
    const before = rows().length;
    expect(await refusal(create({ role: 'lead', email: 'x@rf.test', custom_attributes: { nope: 1 } }))).toMatchObject({ status: 400, code: 'parameter_not_found' });
    expect(await refusal(create({ role: 'user', name: 'No Email' }))).toMatchObject({ status: 400, code: 'parameter_invalid' });
    expect(await refusal(create({ role: 'lead', email: 'y@rf.test', external_id: 'ext-1' }))).toMatchObject({ status: 400, code: 'parameter_invalid' });
    expect(await refusal(create({ role: 'owner', email: 'z@rf.test' }))).toMatchObject({ status: 400, code: 'parameter_invalid' });
    expect(rows().length).toBe(before);
  });
});
