import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppIds } from '../../canvas/ids.js';
import { ensurePrivateInstallation } from '../../src/install/private-app.js';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import { manualClock, testApp } from '../helpers/app.js';
import { canvasBody, canvasText, canvasVerdict, componentIds, signedPost } from '../helpers/canvas.js';
import { authorizeAtIntercom, cookiesOf, followCallback } from '../helpers/oauth.js';
import { installFromSandboxes, startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';

let sb: Sandboxes;
beforeAll(async () => {
  sb = await startSandboxes();
});
afterAll(async () => {
  await sb?.close();
});

const meOf = async (token: string) =>
  (await (await fetch(`${sb.intercom.url}/me`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })).json()) as { id: string };

describe('OAuth install against the Intercom stand-in', () => {
  it('when an admin authorizes, then the installation is stored with the token encrypted and that admin as first app admin', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-oauth-'));
    const file = join(dir, 'store.json');
    const t = await testApp({ intercomUrl: sb.intercom.url, rfBaseUrl: sb.rf.baseUrl, repos: await openLowdbRepositories(file) });
    const start = await request(t.app).get('/install');
    const location = new URL(start.headers.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(`${sb.intercom.url}/oauth`);
    expect(location.searchParams.get('client_id')).toBe('sandbox-client-id');
    expect(location.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:3000/oauth/callback');

    const callback = await authorizeAtIntercom(t.app);
    const res = await followCallback(t.app, callback);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Installed — go back to Intercom');

    const inst = (await t.deps.installations.get(sb.intercom.workspaceId));
    const token = (await t.deps.installations.accessToken(sb.intercom.workspaceId));
    expect(inst).toMatchObject({ mode: 'oauth', status: 'active', region: 'US', appAdmins: [(await meOf(token)).id] });
    expect(await readFile(file, 'utf8')).not.toContain(token);
    expect(callback.searchParams.get('code')).not.toBeNull();
    expect(await readFile(file, 'utf8')).not.toContain(callback.searchParams.get('code')!);

    const init = await signedPost(t.app, '/canvas/initialize', canvasBody({ workspace: sb.intercom.workspaceId, admin: inst!.installedBy }), t.secret);
    expect(canvasVerdict(init.body, 'initialize').errors).toEqual([]);
    expect(canvasText(init.body)).not.toContain('install the app');
    await rm(dir, { recursive: true, force: true });
  });

  it('when the callback is replayed, then it is refused and nothing changes', async () => {
    const t = await testApp({ intercomUrl: sb.intercom.url });
    const callback = await authorizeAtIntercom(t.app);
    expect((await followCallback(t.app, callback)).status).toBe(200);
    const before = JSON.stringify(t.repos.document().installations);
    const replay = await followCallback(t.app, callback);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('already used');
    expect(JSON.stringify(t.repos.document().installations)).toBe(before);
  });

  it('when Intercom refuses the code, then a page says so and nothing is stored', async () => {
    const t = await testApp({ intercomUrl: sb.intercom.url });
    const start = await request(t.app).get('/install');
    const state = new URL(start.headers.location as string).searchParams.get('state')!;
    const res = await request(t.app).get('/oauth/callback').set('cookie', cookiesOf(start)).query({ code: 'not-a-real-code=', state });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Intercom refused the authorization code');
    expect(t.repos.document().installations).toEqual({});
  });

  it('when the admin cancels at Intercom, then nothing is installed', async () => {
    const t = await testApp({ intercomUrl: sb.intercom.url });
    const res = await followCallback(t.app, await authorizeAtIntercom(t.app, 'cancel'));
    expect(res.text).toContain('cancelled');
    expect(t.repos.document().installations).toEqual({});
  });

  it('when the state is forged or older than 10 minutes, then it is refused before any call to Intercom', async () => {
    const clock = manualClock();
    const t = await testApp({ intercomUrl: sb.intercom.url, clock });
    const forged = await request(t.app).get('/oauth/callback').query({ code: 'x', state: 'eyJhbGciOiJub25lIn0.e30.' });
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('not valid');
    const callback = await authorizeAtIntercom(t.app);
    clock.advance(11 * 60_000);
    const late = await followCallback(t.app, callback);
    expect(late.text).toContain('expired');
    expect(t.repos.document().installations).toEqual({});
  });

  it('when the app is installed again, then the token is replaced and app admins are kept', async () => {
    const t = await testApp({ intercomUrl: sb.intercom.url });
    await followCallback(t.app, await authorizeAtIntercom(t.app));
    const ws = sb.intercom.workspaceId;
    await t.deps.installations.addAdmin(ws, '424242');
    await t.deps.installations.markDisconnected(ws, 'test');
    await followCallback(t.app, await authorizeAtIntercom(t.app));
    expect((await t.deps.installations.get(ws))).toMatchObject({ status: 'active' });
    expect((await t.deps.installations.get(ws))?.appAdmins).toContain('424242');
  });
});

describe('revoked token and private-app mode', () => {
  it('when Intercom refuses the stored token, then the installation is disconnected and the inbox asks for a reinstall', async () => {
    const t = await testApp({ intercomUrl: sb.intercom.url });
    await followCallback(t.app, await authorizeAtIntercom(t.app));
    const ws = sb.intercom.workspaceId;
    sb.intercom.control.revokeToken((await t.deps.installations.accessToken(ws)));
    await expect((await t.deps.intercomFor(ws)).listSegments()).rejects.toMatchObject({ code: 'upstream_auth_failed' });
    await expect.poll(async () => (await t.deps.installations.get(ws))?.status).toBe('disconnected');
    const res = await signedPost(t.app, '/canvas/initialize', canvasBody({ workspace: ws, admin: '1' }), t.secret);
    expect(canvasVerdict(res.body, 'initialize').errors).toEqual([]);
    expect(canvasText(res.body)).toContain('Access to Intercom was revoked. An admin must reinstall the app.');
    expect(componentIds(res.body)).toContain(AppIds.installLink);
    await expect(t.deps.intercomFor(ws)).rejects.toMatchObject({ code: 'installation_disconnected' });

    // An app admin can still reach the app settings, e.g. to uninstall and delete the secrets.
    const admin = (await t.deps.installations.get(ws))!.installedBy;
    const asAdmin = await signedPost(t.app, '/canvas/initialize', canvasBody({ workspace: ws, admin }), t.secret);
    expect(componentIds(asAdmin.body)).toContain(AppIds.settings);
    const settings = await signedPost(t.app, '/canvas/submit', canvasBody({ workspace: ws, admin, componentId: AppIds.settings }), t.secret);
    expect(canvasVerdict(settings.body, 'submit').errors).toEqual([]);
    expect(componentIds(settings.body)).toContain(AppIds.uninstall);
    const card = await signedPost(t.app, '/canvas/submit', canvasBody({ workspace: ws, admin, componentId: 'card.refresh' }), t.secret);
    expect(canvasText(card.body)).toContain('Access to Intercom was revoked');
  });

  it('when the app runs with its own access token, then start-up installs its workspace and the OAuth routes say private mode', async () => {
    const t = await testApp({ intercomUrl: sb.intercom.url, env: { INTERCOM_ACCESS_TOKEN: sb.intercom.accessToken, INTERCOM_CLIENT_ID: undefined } });
    const inst = await ensurePrivateInstallation(sb.intercom.accessToken, { auth: t.deps.intercomAuth, installations: t.deps.installations });
    expect(inst).toMatchObject({ workspaceId: sb.intercom.workspaceId, mode: 'private', status: 'active' });
    expect(JSON.stringify(t.repos.document())).not.toContain(sb.intercom.accessToken);
    for (const path of ['/install', '/oauth/callback']) {
      const res = await request(t.app).get(path);
      expect(res.text).toContain('private-app mode');
    }
    const other = await signedPost(t.app, '/canvas/initialize', canvasBody({ workspace: 'ws_someone_else' }), t.secret);
    expect(canvasText(other.body)).toContain('another Intercom workspace');
    expect(componentIds(other.body)).not.toContain(AppIds.installLink);
  });
});

describe('test helper installFromSandboxes', () => {
  it('when used, then the stand-in workspace is installed with its admin and RF connected, ready for the card', async () => {
    const t = await testApp({ intercomUrl: sb.intercom.url, rfBaseUrl: sb.rf.baseUrl });
    const inst = await installFromSandboxes(t.deps, sb);
    expect(inst.workspaceId).toBe(sb.intercom.workspaceId);
    expect((await t.deps.installations.rfApiKey(inst.workspaceId))).toBe(sb.rf.apiKey);
    await expect((await t.deps.referralFactoryFor(inst.workspaceId, 'interactive')).listCampaigns()).resolves.not.toHaveLength(0);
    await expect((await t.deps.intercomFor(inst.workspaceId)).listSegments()).resolves.toHaveLength(3);
  });
});
