import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import type { ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';

let sb: ReferralFactorySandbox;
const call = async (method: string, path: string, body?: unknown, key?: string | null) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key ?? sb.apiKey}`;
  const res = await fetch(`${sb.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as any };
};
const referrer = (email: string, extra: Record<string, unknown> = {}) => ({
  campaign_id: 1,
  first_name: 'Grace',
  email,
  meta: [{ field: 'Company Name', value: 'Navy' }],
  ...extra,
});

beforeAll(async () => {
  sb = await startReferralFactorySandbox({ seed: { referrers: 5 } });
});
afterAll(() => sb.close());

describe('Referral Factory stand-in: users', () => {
  it('when a referrer is created, then it answers 201 with its code, a clickable link and source Api', async () => {
    const res = await call('POST', '/users', referrer('grace@navy.example'));
    expect(res.status).toBe(201);
    const user = res.body.data;
    expect(user).toMatchObject({ campaign_id: 1, referrer_id: null, first_name: 'Grace', email: 'grace@navy.example', source: 'Api', type: 'person_referring' });
    expect(user.code).toMatch(/^[a-z0-9]{8}$/);
    expect(user.url).toBe(`${sb.url}/r/${user.code}`);
    expect(user.meta).toEqual([{ field: 'Company Name', value: 'Navy' }]);
    const landing = await fetch(user.url);
    expect(await landing.text()).toContain('You were invited by Grace');
  });

  it('when the email is already in the campaign in another case, then 422 names the email field', async () => {
    await call('POST', '/users', referrer('dup@example.com'));
    const res = await call('POST', '/users', referrer('  DUP@Example.com '));
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      code: 422,
      message: 'The email has already been taken.',
      errors: { email: [{ field: 'email', message: 'The email has already been taken.' }] },
    });
  });

  it('when the same email joins the other campaign, then it is accepted (unique per campaign)', async () => {
    await call('POST', '/users', referrer('both@example.com'));
    const res = await call('POST', '/users', { campaign_id: 2, first_name: 'Both', email: 'both@example.com' });
    expect(res.status).toBe(201);
  });

  it('when first_name is missing, then 422 names first_name', async () => {
    const res = await call('POST', '/users', { campaign_id: 1, email: 'x1@example.com', meta: [{ field: 'Company Name', value: 'A' }] });
    expect(res.status).toBe(422);
    expect(res.body.errors.first_name).toEqual([{ field: 'first_name', message: 'The first name field is required.' }]);
  });

  it('when a required campaign field is missing from meta, then 422 names that field', async () => {
    const res = await call('POST', '/users', { campaign_id: 1, first_name: 'A', email: 'x2@example.com', meta: [{ field: 'Phone Number', value: '1' }] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(422);
    expect(res.body.errors['Company Name'][0].message).toBe('The Company Name field is required.');
  });

  it('when a select field gets a value that is not one of its choices, then 422 names the field; one of them is accepted', async () => {
    sb.control.addCampaignField(2, { id: 'tier', type: 'select', label: 'Tier', value: 'Silver, Gold', required: false });
    const campaign = (await call('GET', '/campaigns/2')).body.data;
    expect(campaign.fields.person_referring).toContainEqual(expect.objectContaining({ id: 'tier', type: 'select', value: 'Silver, Gold' }));
    const wrong = await call('POST', '/users', { campaign_id: 2, first_name: 'A', email: 'tier1@example.com', meta: [{ field: 'Tier', value: 'Platinum' }] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.Tier[0].message).toBe('The selected Tier is invalid.');
    const right = await call('POST', '/users', { campaign_id: 2, first_name: 'A', email: 'tier2@example.com', meta: [{ field: 'Tier', value: 'Gold' }] });
    expect(right.status).toBe(201);
  });

  it('when the campaign is unknown, the email invalid or meta names an unknown field, then 422', async () => {
    expect((await call('POST', '/users', { ...referrer('x3@example.com'), campaign_id: 99 })).body.errors.campaign_id).toBeDefined();
    expect((await call('POST', '/users', referrer('not-an-email'))).body.errors.email[0].message).toMatch(/valid email/);
    const unknown = await call('POST', '/users', referrer('x4@example.com', { meta: [{ field: 'Company Name', value: 'A' }, { field: 'Shoe size', value: '9' }] }));
    expect(unknown.status).toBe(422);
    expect(Object.keys(unknown.body.errors)).toEqual(['meta.Shoe size']);
  });

  it('when the key is missing or wrong, then 401 with the error shape', async () => {
    expect(await call('GET', '/users', undefined, null)).toEqual({ status: 401, body: { code: 401, message: 'Unauthenticated.' } });
    expect((await call('GET', '/users', undefined, 'rf_wrong')).status).toBe(401);
  });

  it('when the body is not JSON or the route unknown, then 400 and 404', async () => {
    expect((await call('POST', '/users', '{"campaign_id":')).status).toBe(400);
    expect((await call('GET', '/rewards-nope')).status).toBe(404);
    expect((await call('PATCH', '/users/1001')).status).toBe(405);
  });

  it('when a user is read by id, code or email, then the same user comes back; unknown → 404', async () => {
    const created = (await call('POST', '/users', referrer('lookup@example.com'))).body.data;
    for (const identifier of [created.id, created.code, 'LOOKUP@example.com']) {
      const res = await call('GET', `/users/${identifier}?campaign_id=1`);
      expect(res.body.data.id).toBe(created.id);
    }
    expect((await call('GET', '/users/999999')).status).toBe(404);
  });

  it('when a user is updated, then name, email and meta change; a taken email is refused; unknown id → 404', async () => {
    const created = (await call('POST', '/users', referrer('upd@example.com'))).body.data;
    const res = await call('PUT', `/users/${created.id}`, { first_name: 'Gracie', email: 'upd2@example.com', meta: [{ field: 'Phone Number', value: '555' }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ first_name: 'Gracie', email: 'upd2@example.com', meta: [{ field: 'Company Name', value: 'Navy' }, { field: 'Phone Number', value: '555' }] });
    expect((await call('GET', '/users/upd@example.com')).status).toBe(404);
    expect((await call('PUT', `/users/${created.id}`, { email: 'DUP@example.com' })).status).toBe(422);
    expect((await call('PUT', '/users/424242', { first_name: 'X' })).status).toBe(404);
  });

  it('when users are searched by email and campaign, then only matches come back, case-insensitively', async () => {
    const res = await call('POST', '/users/search', { email: 'Both@Example.com' });
    expect(res.body.data.map((u: any) => u.campaign_id).sort()).toEqual([1, 2]);
    const one = await call('POST', '/users/search', { email: 'both@example.com', campaign_id: 2 });
    expect(one.body.data).toHaveLength(1);
    expect(one.body.meta.total).toBe(1);
  });

  it('when a user is deleted, then it is gone and its email can join again', async () => {
    const created = (await call('POST', '/users', referrer('gone@example.com'))).body.data;
    expect((await call('DELETE', `/users/${created.id}`)).status).toBe(200);
    expect((await call('GET', `/users/${created.id}`)).status).toBe(404);
    expect((await call('POST', '/users', referrer('gone@example.com'))).status).toBe(201);
  });

  it('when a referrer is given, then a person_invited user credited to it is created', async () => {
    const ref = (await call('POST', '/users', referrer('inviter@example.com'))).body.data;
    const res = await call('POST', '/users', { campaign_id: 1, first_name: 'Kid', email: 'kid@example.com', referrer: { field: 'code', value: ref.code } });
    expect(res.body.data).toMatchObject({ type: 'person_invited', referrer_id: ref.id });
    const bad = await call('POST', '/users', { campaign_id: 1, first_name: 'Kid', email: 'kid2@example.com', referrer: { field: 'code', value: 'nope' } });
    expect(bad.body.errors.referrer).toBeDefined();
  });
});
