import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger, testApp } from '../helpers/app.js';
import { canvasBody, signedPost } from '../helpers/canvas.js';
import { authorizeAtIntercom, followCallback } from '../helpers/oauth.js';
import { startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';

let sb: Sandboxes;
beforeAll(async () => {
  sb = await startSandboxes();
});
afterAll(async () => {
  await sb?.close();
});

describe('logs', () => {
  it('when the app is installed and used, then the logs carry ids but no token, code, state, signature or client secret', async () => {
    const log = capturedLogger();
    const t = await testApp({ intercomUrl: sb.intercom.url, rfBaseUrl: sb.rf.baseUrl, logger: log.logger });
    const callback = await authorizeAtIntercom(t.app);
    await followCallback(t.app, callback);
    await followCallback(t.app, callback); // refused replay: logged too
    const ws = sb.intercom.workspaceId;
    const body = canvasBody({ workspace: ws, admin: (await t.deps.installations.get(ws))!.installedBy });
    await signedPost(t.app, '/canvas/initialize', body, t.secret);
    const logs = log.lines.join('');
    expect(logs).toContain(ws);
    expect(logs).toContain('canvas request');
    const secrets = [(await t.deps.installations.accessToken(ws)), callback.searchParams.get('code')!, callback.searchParams.get('state')!, t.secret];
    for (const s of secrets) expect(logs).not.toContain(s);
  });

  it('when a credential is passed to the logger by mistake, then it is redacted', () => {
    const log = capturedLogger();
    log.logger.info({ accessToken: 'tok_123', req: { headers: { authorization: 'Bearer tok_456', 'x-body-signature': 'ab12' } }, rf: { apiKey: 'rf_789' } }, 'oops');
    const line = log.lines.join('');
    for (const s of ['tok_123', 'tok_456', 'ab12', 'rf_789']) expect(line).not.toContain(s);
    expect(line).toContain('[redacted]');
  });
});
