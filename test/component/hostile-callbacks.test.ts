import { once } from 'node:events';
import type { Server } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import { manualClock, testApp } from '../helpers/app.js';
import { authorizeAtIntercom, cookiesOf, followCallback } from '../helpers/oauth.js';
import { startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';

// Issue #12, observation 4 (the store half): nothing a stranger sends grows the store, and the
// single-use records real installs leave expire and are pruned.

let sb: Sandboxes;
let dir: string;
beforeAll(async () => {
  sb = await startSandboxes();
  dir = await mkdtemp(join(tmpdir(), 'rf-hostile-'));
});
afterAll(async () => {
  await sb?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('no state for strangers', () => {
  it('when 10,000 hostile callbacks arrive (cancelled, forged, refused codes, other browsers), then the data file stays as it was, far under 100 KB', async () => {
    const file = join(dir, 'hostile.json');
    const repos = await openLowdbRepositories(file);
    // The limits would turn most of these away at once; raised so that every one reaches the install code.
    const t = await testApp({ intercomUrl: sb.intercom.url, repos, env: { RATE_LIMIT_MAX: '1000000' } });
    await followCallback(t.app, await authorizeAtIntercom(t.app)); // one real install: the file as a live app has it
    const before = await readFile(file, 'utf8');

    const server: Server = t.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const startInstall = async () => {
      const res = await fetch(`${base}/install`, { redirect: 'manual' });
      const cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0]!;
      return { state: encodeURIComponent(new URL(res.headers.get('location')!).searchParams.get('state')!), cookie };
    };
    // Valid states with their browser cookies, replayed: a callback that fails spends nothing.
    const started = await Promise.all(Array.from({ length: 20 }, startInstall));
    const pick = (i: number) => started[i % started.length]!;
    const forged = (_i: number) => fetch(`${base}/oauth/callback?error=access_denied&state=eyJhbGciOiJIUzI1NiJ9.e30.forged`);
    const cancelled = (i: number) => fetch(`${base}/oauth/callback?error=access_denied&state=${pick(i).state}`, { headers: { cookie: pick(i).cookie } });
    const otherBrowser = (i: number) => fetch(`${base}/oauth/callback?code=junk${i}&state=${pick(i).state}`, { headers: { cookie: pick(i + 1).cookie } });
    // Junk codes reach Intercom's token exchange (the stand-in refuses them): 1 in 10, as they cost a call each.
    const junkCode = (i: number) => fetch(`${base}/oauth/callback?code=junk${i}&state=${pick(i).state}`, { headers: { cookie: pick(i).cookie } });
    const kinds = [forged, cancelled, otherBrowser, forged, cancelled, otherBrowser, forged, cancelled, otherBrowser, junkCode];
    const statuses = new Map<number, number>();
    let next = 0;
    const TOTAL = 10_000;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < TOTAL) {
        const i = next++;
        const res = await kinds[i % kinds.length]!(i);
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }));
    server.close();
    expect([...statuses.keys()]).toEqual([400]);
    expect(statuses.get(400)).toBe(TOTAL);
    expect((await stat(file)).size).toBeLessThan(100_000);
    expect(await readFile(file, 'utf8')).toBe(before);
    await repos.close();
  }, 600_000); // seconds on a quiet machine; minutes on a loaded one

  it('when real installs spend their single-use state, then each record expires and is pruned by a later one', async () => {
    const clock = manualClock(Date.now());
    const t = await testApp({ intercomUrl: sb.intercom.url, clock });
    for (let i = 0; i < 3; i++) {
      await followCallback(t.app, await authorizeAtIntercom(t.app));
      clock.advance(11 * 60_000); // past the state's 10 minutes
    }
    expect(Object.keys(t.repos.document().usedTokens)).toHaveLength(1);
    const [exp] = Object.values(t.repos.document().usedTokens);
    expect(exp! * 1000).toBeGreaterThan(clock.now() - 11 * 60_000);
    // The setup page's refusals store nothing either.
    const before = JSON.stringify(t.repos.document());
    for (let i = 0; i < 50; i++) {
      await request(t.app).get('/setup/referral-factory').query({ token: `forged${i}` });
      await request(t.app).post('/setup/referral-factory').type('form').set('sec-fetch-site', 'same-origin').send({ token: `forged${i}`, csrf: 'a'.repeat(32), api_key: 'k' });
    }
    expect(JSON.stringify(t.repos.document())).toBe(before);
    expect(cookiesOf(await request(t.app).get('/install'))).toMatch(/^rf_oauth_state=/);
  }, 120_000);
});
