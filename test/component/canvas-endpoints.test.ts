import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AppIds } from '../../canvas/ids.js';
import { signBody } from '../../src/http/signature.js';
import { installWorkspace, testApp } from '../helpers/app.js';
import { canvasBody, canvasText, canvasVerdict, componentIds, signedPost, testContact } from '../helpers/canvas.js';
import { putDefinition } from '../helpers/fixtures.js';

describe('canvas endpoints: signature and payload', () => {
  it('when initialize is signed and the workspace is not installed, then a valid canvas offers the install link', async () => {
    const { app, secret, config } = await testApp();
    const res = await signedPost(app, '/canvas/initialize', canvasBody(), secret);
    expect(res.status).toBe(200);
    expect(canvasVerdict(res.body, 'initialize').errors).toEqual([]);
    expect(canvasText(res.body)).toContain('An admin must install the app');
    expect(canvasText(res.body)).toContain(`${config.publicBaseUrl}/install`);
  });

  it.each([
    ['missing', undefined],
    ['forged', 'ab'.repeat(32)],
    ['signed with another secret', signBody('{}', 'not-the-secret')],
  ])('when the signature is %s, then 401, no canvas, and nothing is processed', async (_n, header) => {
    const { app, deps, repos } = await testApp();
    await installWorkspace(deps, { adminId: '1' });
    const before = JSON.stringify(repos.document());
    const body = JSON.stringify(canvasBody({ componentId: AppIds.uninstallConfirm, storedData: { v: 1, flow: 'app-settings', confirm: 'uninstall' } }));
    const req = request(app).post('/canvas/submit').set('content-type', 'application/json');
    const res = await (header ? req.set('x-body-signature', header) : req).send(body);
    expect(res.status).toBe(401);
    expect(res.body.canvas).toBeUndefined();
    expect(JSON.stringify(repos.document())).toBe(before);
  });

  it('when the signature is right but over other bytes than those sent, then 401', async () => {
    const { app, secret } = await testApp();
    const body = JSON.stringify(canvasBody());
    const res = await request(app).post('/canvas/initialize').set('content-type', 'application/json')
      .set('x-body-signature', signBody(`${body} `, secret)).send(body);
    expect(res.status).toBe(401);
  });

  it('when the signed body is not JSON, then 400 with a short reason', async () => {
    const { app, secret } = await testApp();
    const res = await signedPost(app, '/canvas/initialize', '{"workspace_id": "ws_demo",', secret);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'payload_invalid', reason: 'The body is not valid JSON' });
  });

  it('when the signed body lacks the admin, then 400 naming the field', async () => {
    const { app, secret } = await testApp();
    const { admin: _a, ...body } = canvasBody();
    const res = await signedPost(app, '/canvas/initialize', body, secret);
    expect(res.status).toBe(400);
    expect(res.body.reason).toContain('admin');
  });

  it('when a submit has no component_id, then 400', async () => {
    const { app, secret } = await testApp();
    const res = await signedPost(app, '/canvas/submit', canvasBody(), secret);
    expect(res.status).toBe(400);
    expect(res.body.reason).toContain('component_id');
  });

  it('when the contact comes as `customer` (older payloads), then the card reads it like `contact`', async () => {
    const { app, secret, deps, repos } = await testApp();
    await installWorkspace(deps, { adminId: '1', rfApiKey: 'rf_key' });
    await putDefinition(repos);
    const contact = testContact({ custom_attributes: { referral_link: 'https://rf.example/r/ada42', referrals_count: 3 } });
    for (const asCustomer of [false, true]) {
      const res = await signedPost(app, '/canvas/initialize', canvasBody({ contact, asCustomer }), secret);
      expect(res.status).toBe(200);
      expect(canvasVerdict(res.body, 'initialize').errors).toEqual([]);
      expect(canvasText(res.body)).toContain('rf.example/r/ada42');
    }
  });

  it('when an unknown component id is submitted, then a canvas says the screen expired with a way back', async () => {
    const { app, secret, deps } = await testApp();
    await installWorkspace(deps, { adminId: '1' });
    const res = await signedPost(app, '/canvas/submit', canvasBody({ componentId: 'nope.unknown' }), secret);
    expect(res.status).toBe(200);
    expect(canvasVerdict(res.body, 'submit').errors).toEqual([]);
    expect(canvasText(res.body)).toContain('expired');
    expect(componentIds(res.body)).toContain(AppIds.restart);
  });

  it('when GET /health, then ok', async () => {
    const { app } = await testApp();
    expect((await request(app).get('/health')).body).toEqual({ ok: true, store: 'lowdb', queue: 'in-process' });
  });
});
