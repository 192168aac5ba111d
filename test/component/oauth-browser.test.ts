import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import { testApp } from '../helpers/app.js';
import { authorizeAtIntercom, cookiesOf, followCallback } from '../helpers/oauth.js';
import { startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';

// Issue #12, observations 8 and 4: the OAuth state is bound to the browser that started the
// install, and a callback that installs nothing stores nothing.

let sb: Sandboxes;
let dir: string;
beforeAll(async () => {
  sb = await startSandboxes();
  dir = await mkdtemp(join(tmpdir(), 'rf-oauth-browser-'));
});
afterAll(async () => {
  await sb?.close();
  await rm(dir, { recursive: true, force: true });
});

const setCookie = (res: { headers: Record<string, unknown> }): string[] => ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);

describe('OAuth state bound to the browser', () => {
  it('when /install starts an install, then it sets a short-lived HttpOnly, SameSite=Lax cookie for the callback only', async () => {
    const t = await testApp({ intercomUrl: sb.intercom.url });
    const res = await request(t.app).get('/install');
    expect(res.status).toBe(302);
    const [cookie, ...others] = setCookie(res);
    expect(others).toEqual([]);
    expect(cookie).toMatch(/^rf_oauth_state=[A-Za-z0-9_-]{43};/);
    const attrs = cookie!.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toEqual(expect.arrayContaining(['path=/oauth/callback', 'max-age=600', 'httponly', 'samesite=lax']));
    expect(attrs).not.toContain('secure'); // PUBLIC_BASE_URL is http here

    const https = await testApp({ intercomUrl: sb.intercom.url, env: { PUBLIC_BASE_URL: 'https://app.example.com' } });
    expect(setCookie(await request(https.app).get('/install'))[0]!.toLowerCase()).toContain('; secure');
  });

  it('when the callback comes from another browser (no cookie, or the cookie of another install), then it is refused before Intercom, and the right browser still installs', async () => {
    const t = await testApp({ intercomUrl: sb.intercom.url });
    const callback = await authorizeAtIntercom(t.app);
    const stranger = cookiesOf(await request(t.app).get('/install'));
    for (const cookie of ['', stranger, 'rf_oauth_state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await followCallback(t.app, callback, { cookie });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('started in another browser');
      expect(t.repos.document().installations).toEqual({});
      expect(t.repos.document().usedTokens).toEqual({});
    }
    // Intercom was never asked: the single-use code still works from the browser that started.
    const ok = await followCallback(t.app, callback);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Installed');
    expect((await t.deps.installations.get(sb.intercom.workspaceId))?.status).toBe('active');
    // The callback clears the cookie.
    expect(setCookie(ok).join()).toMatch(/rf_oauth_state=;.*Max-Age=0/i);
  });
});

describe('a callback that installs nothing stores nothing', () => {
  it('when callbacks are cancelled, refused by Intercom, forged or from another browser, then the data file is not written', async () => {
    const file = join(dir, 'store.json');
    const t = await testApp({ intercomUrl: sb.intercom.url, repos: await openLowdbRepositories(file) });
    await t.repos.usedTokens.markUsed('seed', 1, 0); // a file as a running app has one
    const before = await readFile(file, 'utf8');

    const cancelled = await authorizeAtIntercom(t.app, 'cancel');
    expect((await followCallback(t.app, cancelled)).text).toContain('cancelled');

    const start = await request(t.app).get('/install');
    const state = new URL(start.headers.location as string).searchParams.get('state')!;
    const cookie = cookiesOf(start);
    const refused = await request(t.app).get('/oauth/callback').set('cookie', cookie).query({ code: 'not-a-real-code=', state });
    expect(refused.text).toContain('Intercom refused the authorization code');
    const errored = await request(t.app).get('/oauth/callback').set('cookie', cookie).query({ error: 'access_denied', state });
    expect(errored.text).toContain('cancelled');
    const forged = await request(t.app).get('/oauth/callback').query({ error: 'access_denied', state: 'x.y.z' });
    expect(forged.status).toBe(400);

    expect(await readFile(file, 'utf8')).toBe(before);
    expect(t.repos.document().usedTokens).toEqual({ seed: 1 });
  });
});
