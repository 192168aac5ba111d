import { IntercomClient } from 'intercom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';

let sb: IntercomSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('Intercom stand-in limits, faults and OAuth', () => {
  it('when a token exceeds its rate window, then it gets 429 with headers and the SDK recovers after the reset', async () => {
    sb = await startIntercomSandbox({ seed: { contacts: 10 }, rateLimitPerWindow: 3, rateWindowSeconds: 2 });
    await new Promise((r) => setTimeout(r, 2000 - (Date.now() % 2000) + 20)); // start of a fresh window
    const raw = async () => fetch(`${sb!.url}/contacts`, { headers: { authorization: `Bearer ${sb!.accessToken}` } });
    for (let i = 0; i < 3; i++) expect((await raw()).status).toBe(200);
    const limited = await raw();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await limited.json()).errors[0].code).toBe('rate_limit_exceeded');
    const client = new IntercomClient({ token: sb.accessToken, baseUrl: sb.url, maxRetries: 3 });
    const page = await client.contacts.list({ per_page: 5 }); // 429 first, then a retry once the window resets
    expect(page.data.length).toBe(5);
    expect(sb.control.stats().rateLimited).toBeGreaterThanOrEqual(2);
  }, 15_000);

  it('when 5xx faults are injected, then those requests fail and the SDK retries through them', async () => {
    sb = await startIntercomSandbox({ seed: { contacts: 10 }, rateWindowSeconds: 1 });
    sb.control.injectFaults({ status: 503, count: 1, match: '/contacts' });
    const client = new IntercomClient({ token: sb.accessToken, baseUrl: sb.url, maxRetries: 2 });
    const page = await client.contacts.list({ per_page: 5 });
    expect(page.data.length).toBe(5);
    expect(sb.control.stats().faultsInjected).toBe(1);
  }, 15_000);

  it('when an admin authorizes the app, then the code exchanges once for a token that /me accepts', async () => {
    sb = await startIntercomSandbox({ seed: { contacts: 1 }, clientId: 'cid', clientSecret: 'csecret', workspaceId: 'ws_x', region: 'EU' });
    const form = await fetch(`${sb.url}/oauth?client_id=cid&state=s1&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}`);
    expect(await form.text()).toContain('Authorize access');
    const allow = await fetch(`${sb.url}/oauth/authorize`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'cid', state: 's1', redirect_uri: 'http://127.0.0.1:9/cb', admin_id: '991267002', decision: 'allow' }),
    });
    const location = new URL(allow.headers.get('location') as string);
    expect(location.searchParams.get('state')).toBe('s1');
    const exchange = () =>
      fetch(`${sb!.url}/auth/eagle/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: location.searchParams.get('code'), client_id: 'cid', client_secret: 'csecret' }) });
    const first = await exchange();
    const { access_token } = await first.json();
    expect((await exchange()).status).toBe(401);
    const me = await new IntercomClient({ token: access_token, baseUrl: sb.url }).admins.identify();
    expect(me).toMatchObject({ id: '991267002', app: { id_code: 'ws_x', region: 'EU' } });
    sb.control.revokeToken(access_token);
    const revoked = await fetch(`${sb.url}/me`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(revoked.status).toBe(401);
  });
});
