import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { capturedLogger, testApp } from '../helpers/app.js';
import { signedPost } from '../helpers/canvas.js';

// Issue #12, observations 4 and 10: the pages anyone can open are limited per client address,
// and what strangers send (too large, unsigned) is answered and logged as their mistake.

const levels = (lines: string[], msg: string) => lines.map((l) => JSON.parse(l) as { level: number; msg: string; code?: string }).filter((l) => l.msg === msg);

describe('per-address limits on the unauthenticated pages', () => {
  it('when one address goes past the limit on /install and /oauth/callback, then it gets a 429 page with Retry-After, once logged at warn', async () => {
    const log = capturedLogger();
    const t = await testApp({ env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '600' }, logger: log.logger });
    expect((await request(t.app).get('/install')).status).toBe(302);
    expect((await request(t.app).get('/oauth/callback').query({ error: 'x', state: 'y' })).status).toBe(400);
    expect((await request(t.app).get('/install')).status).toBe(302);
    for (let i = 0; i < 3; i++) {
      const res = await request(t.app).get(i % 2 ? '/install' : '/oauth/callback');
      expect(res.status).toBe(429);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.text).toContain('Too many requests from your network. Wait 10 minutes and try again.');
    }
    const limited = levels(log.lines, 'rate limit reached');
    expect(limited.map((l) => l.level)).toEqual([40, 20, 20]); // warn once, then debug
    // The setup page has a budget of its own.
    expect((await request(t.app).get('/setup/referral-factory').query({ token: 'x' })).status).toBe(400);
  });

  it('when the setup page is opened or posted past the limit, then it answers 429 as a page', async () => {
    const t = await testApp({ env: { RATE_LIMIT_MAX: '2' } });
    await request(t.app).get('/setup/referral-factory').query({ token: 'x' });
    await request(t.app).post('/setup/referral-factory').type('form').set('sec-fetch-site', 'same-origin').send({ token: 'x', csrf: 'y', api_key: 'z' });
    const res = await request(t.app).post('/setup/referral-factory').type('form').set('sec-fetch-site', 'same-origin').send({ token: 'x', csrf: 'y', api_key: 'z' });
    expect(res.status).toBe(429);
    expect(res.text).toContain('<h1>Connect Referral Factory</h1>');
    expect(res.text).toContain('Too many requests');
  });

  it('when TRUST_PROXY names the proxy hops, then clients behind it are counted apart; when it is off, X-Forwarded-For buys no fresh budget', async () => {
    const proxied = await testApp({ env: { RATE_LIMIT_MAX: '1', TRUST_PROXY: '1' } });
    const from = (app: typeof proxied.app, ip: string) => request(app).get('/install').set('x-forwarded-for', ip);
    expect((await from(proxied.app, '203.0.113.7')).status).toBe(302);
    expect((await from(proxied.app, '203.0.113.7')).status).toBe(429);
    expect((await from(proxied.app, '203.0.113.8')).status).toBe(302);

    const log = capturedLogger();
    const direct = await testApp({ env: { RATE_LIMIT_MAX: '1' }, logger: log.logger });
    expect((await from(direct.app, '203.0.113.7')).status).toBe(302);
    expect((await from(direct.app, '203.0.113.8')).status).toBe(429);
    // The operator is told once that a proxy seems to be in front while TRUST_PROXY is off.
    expect(log.lines.join('')).toContain('ERR_ERL_UNEXPECTED_X_FORWARDED_FOR');
    expect(log.lines.join('')).not.toContain('"stack"');
  });

  it('when canvas requests come often, then they are not limited (Intercom calls from few addresses)', async () => {
    const t = await testApp({ env: { RATE_LIMIT_MAX: '1' } });
    for (let i = 0; i < 3; i++) expect((await signedPost(t.app, '/canvas/initialize', { nope: true }, t.secret)).status).toBe(400);
  });
});

describe('expected 4xx traffic', () => {
  it('when a stranger sends an oversized or unsigned canvas request, then it is refused and logged at warn, never error', async () => {
    const log = capturedLogger();
    const t = await testApp({ logger: log.logger });
    const big = await request(t.app).post('/canvas/submit').set('content-type', 'application/json').send(`{"x":"${'a'.repeat(1_100_000)}"}`);
    expect(big.status).toBe(413);
    const unsigned = await request(t.app).post('/canvas/initialize').set('content-type', 'application/json').send('{}');
    expect(unsigned.status).toBe(401);
    const lines = log.lines.map((l) => JSON.parse(l) as { level: number; msg: string; status?: number });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.find((l) => l.status === 413)?.level).toBe(40);
    expect(lines.find((l) => l.msg === 'canvas signature refused')?.level).toBe(40);
  });

  it('when the setup form is too large or unreadable, then a page says so (not JSON) and nothing is logged at error', async () => {
    const log = capturedLogger();
    const t = await testApp({ logger: log.logger });
    const big = await request(t.app).post('/setup/referral-factory').type('form').set('sec-fetch-site', 'same-origin')
      .send({ token: 'x', csrf: 'y', api_key: 'k'.repeat(10_000) });
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toMatch(/text\/html/);
    expect(big.text).toContain('The form was too large');
    const charset = await request(t.app).post('/setup/referral-factory').set('content-type', 'application/x-www-form-urlencoded; charset=koi8-r').send('token=x');
    expect(charset.status).toBe(415);
    expect(charset.headers['content-type']).toMatch(/text\/html/);
    expect(log.lines.map((l) => JSON.parse(l) as { level: number }).filter((l) => l.level >= 50)).toEqual([]);
  });
});
