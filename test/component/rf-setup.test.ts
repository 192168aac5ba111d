import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jwt from 'jsonwebtoken';
import { AppIds } from '../../canvas/ids.js';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { capturedLogger, installWorkspace, manualClock, testApp } from '../helpers/app.js';
import { canvasBody, canvasVerdict, signedPost } from '../helpers/canvas.js';
import { openSetupPage, postSetupForm } from '../helpers/setup-page.js';

let rf: ReferralFactorySandbox;
beforeAll(async () => {
  rf = await startReferralFactorySandbox({ ratePerMinute: 0 });
});
afterAll(async () => {
  await rf.close();
});

async function installed(clock = manualClock(), log = capturedLogger()) {
  const t = await testApp({ rfBaseUrl: rf.baseUrl, clock, logger: log.logger });
  await installWorkspace(t.deps, { workspaceId: 'ws_demo', adminId: '1' });
  return { ...t, clock, logLines: log.lines };
}

/** The setup link as an app admin gets it: Connect Referral Factory in the app settings canvas. */
async function setupLinkFromCanvas(t: Awaited<ReturnType<typeof installed>>): Promise<string> {
  const res = await signedPost(t.app, '/canvas/submit', canvasBody({ admin: '1', componentId: AppIds.connectRf, storedData: { v: 1, flow: 'app-settings' } }), t.secret);
  expect(canvasVerdict(res.body, 'submit').errors).toEqual([]);
  const button = res.body.canvas.content.components.find((c: { id?: string }) => c.id === AppIds.setupLink);
  return button.action.url as string;
}

describe('Referral Factory setup page', () => {
  it('when an app admin opens the link and enters a valid key, then it is stored encrypted and the page says to go back', async () => {
    const t = await installed();
    const url = await setupLinkFromCanvas(t);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/setup\/referral-factory\?token=/);
    const form = await openSetupPage(t.app, url);
    expect(form.status).toBe(200);
    expect(form.html).toContain('type="password"');
    const res = await postSetupForm(t.app, form, rf.apiKey);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Connected. Go back to Intercom and press “I have connected it” in the app.');
    expect(res.text).not.toContain(rf.apiKey);
    expect((await t.deps.installations.get('ws_demo'))?.referralFactory?.connectedBy).toBe('1');
    expect((await t.deps.installations.rfApiKey('ws_demo'))).toBe(rf.apiKey);
    expect(JSON.stringify(t.repos.document())).not.toContain(rf.apiKey);
  });

  it('when the key is wrong, then the page says so without echoing it, nothing is stored, and the link still works', async () => {
    const t = await installed();
    const form = await openSetupPage(t.app, t.deps.rfSetupUrl('ws_demo', '1'));
    const wrong = 'rf_wrong_key_123';
    const res = await postSetupForm(t.app, form, wrong);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Referral Factory refused this API key. Check it in Referral Factory (Campaign Settings › Integrations and API › API &amp; Webhooks (Copy API Key))');
    expect(res.text).toMatch(/aria-describedby="api_key_error">\s*<p class="error" id="api_key_error">Referral Factory refused/);
    expect(res.text).not.toContain(wrong);
    expect((await t.deps.installations.get('ws_demo'))?.referralFactory).toBeUndefined();
    const again = await postSetupForm(t.app, form, rf.apiKey);
    expect(again.status).toBe(200);
  });

  it('when the key is empty or only spaces, then it is refused next to the field, nothing is stored and the same link then takes the key', async () => {
    const t = await installed();
    const form = await openSetupPage(t.app, t.deps.rfSetupUrl('ws_demo', '1'));
    expect(form.html).toContain('Find it in Referral Factory under Campaign Settings › Integrations and API › API &amp; Webhooks (Copy API Key).');
    for (const blank of ['', '    ', '\t \n']) {
      const res = await postSetupForm(t.app, form, blank);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/aria-invalid="true" aria-describedby="api_key_error">\s*<p class="error" id="api_key_error">Enter the API key: the field was empty.<\/p>/);
      expect(res.text).not.toContain('Refused');
    }
    expect((await t.deps.installations.get('ws_demo'))?.referralFactory).toBeUndefined();
    expect((await postSetupForm(t.app, form, `  ${rf.apiKey} `)).status).toBe(200);
    expect(await t.deps.installations.rfApiKey('ws_demo')).toBe(rf.apiKey);
  });

  it('when keys are tried and stored, then no log line holds the key or the link token', async () => {
    const t = await installed();
    const url = t.deps.rfSetupUrl('ws_demo', '1');
    const form = await openSetupPage(t.app, url);
    await postSetupForm(t.app, form, 'rf_wrong_key_456');
    await postSetupForm(t.app, form, rf.apiKey);
    const logs = t.logLines.join('');
    expect(logs).toContain('Referral Factory connected');
    for (const secret of [rf.apiKey, 'rf_wrong_key_456', form.token, form.csrf]) expect(logs).not.toContain(secret);
  });

  it('when the link is used a second time, then it is refused and the stored key is unchanged', async () => {
    const t = await installed();
    const url = t.deps.rfSetupUrl('ws_demo', '1');
    const form = await openSetupPage(t.app, url);
    expect((await postSetupForm(t.app, form, rf.apiKey)).status).toBe(200);
    const stored = JSON.stringify((await t.deps.installations.get('ws_demo'))?.referralFactory);
    const reopened = await openSetupPage(t.app, url);
    expect(reopened.status).toBe(400);
    expect(reopened.html).toContain('already used');
    const replay = await postSetupForm(t.app, form, rf.apiKey);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('already used');
    expect(JSON.stringify((await t.deps.installations.get('ws_demo'))?.referralFactory)).toBe(stored);
  });

  it('when the link is older than 10 minutes, then it is refused as expired and nothing is stored', async () => {
    const t = await installed();
    const url = t.deps.rfSetupUrl('ws_demo', '1');
    const form = await openSetupPage(t.app, url);
    t.clock.advance(10 * 60_000 + 1000);
    expect((await openSetupPage(t.app, url)).html).toContain('expired');
    const res = await postSetupForm(t.app, form, rf.apiKey);
    expect(res.status).toBe(400);
    expect(res.text).toContain('expired');
    expect((await t.deps.installations.get('ws_demo'))?.referralFactory).toBeUndefined();
  });

  it('when the token is forged (another secret, or an OAuth state), then it is refused', async () => {
    const t = await installed();
    const now = Math.floor(t.clock.now() / 1000);
    const forged = jwt.sign({ ws: 'ws_demo', adm: '1', iat: now, exp: now + 600 }, 'x'.repeat(40), { audience: 'rf_setup', issuer: 'rf-intercom-app', jwtid: 'j1' });
    const page = await openSetupPage(t.app, `http://127.0.0.1:3000/setup/referral-factory?token=${forged}`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('not valid');
    const state = t.deps.tokens.issue('oauth_state', {});
    expect((await openSetupPage(t.app, `http://127.0.0.1:3000/setup/referral-factory?token=${state}`)).html).toContain('not valid');
  });

  it.each([
    ['another Origin', { origin: 'https://evil.example' }, true],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }, true],
    ['no CSRF cookie', {}, false],
  ])('when the form is posted with %s, then it is refused and nothing is stored', async (_n, headers, withCookie) => {
    const t = await installed();
    const form = await openSetupPage(t.app, t.deps.rfSetupUrl('ws_demo', '1'));
    const res = await postSetupForm(t.app, withCookie ? form : { ...form, cookie: '' }, rf.apiKey, headers);
    expect(res.status).toBe(403);
    expect(res.text).toContain('Refused');
    expect((await t.deps.installations.get('ws_demo'))?.referralFactory).toBeUndefined();
  });

  it('when the admin named in the link is no longer an app admin, then the page refuses', async () => {
    const t = await installed();
    await t.deps.installations.addAdmin('ws_demo', '2');
    const url = t.deps.rfSetupUrl('ws_demo', '2');
    await t.deps.installations.removeAdmin('ws_demo', '2');
    const page = await openSetupPage(t.app, url);
    expect(page.status).toBe(403);
    expect(page.html).toContain('Only app admins');
  });
});
