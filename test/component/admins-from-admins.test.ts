import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppIds } from '../../canvas/ids.js';
import { testApp } from '../helpers/app.js';
import { canvasBody, canvasText, canvasVerdict, componentIds, signedPost } from '../helpers/canvas.js';
import { authorizeAtIntercom, followCallback } from '../helpers/oauth.js';
import { startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';

// Issue #12, observation 3, through the OAuth install the way a browser drives it: app admins
// come from app admins, a reinstall only replaces the token, and app admins read who did what.

let sb: Sandboxes;
beforeAll(async () => {
  sb = await startSandboxes();
});
afterAll(async () => {
  await sb?.close();
});

const SETTINGS = { v: 1, flow: 'app-settings' };

async function setup() {
  const t = await testApp({ intercomUrl: sb.intercom.url, rfBaseUrl: sb.rf.baseUrl });
  const ws = sb.intercom.workspaceId;
  const [ada, tom] = sb.intercom.control.admins().map((a: { id: string }) => a.id) as [string, string];
  const install = async (as: string) => {
    const res = await followCallback(t.app, await authorizeAtIntercom(t.app, 'authorize', { as }));
    expect(res.status).toBe(200);
  };
  const submit = (admin: string, componentId: string, inputs: Record<string, unknown> = {}) =>
    signedPost(t.app, '/canvas/submit', canvasBody({ workspace: ws, admin, componentId, storedData: SETTINGS, inputs }), t.secret);
  return { t, ws, ada, tom, install, submit };
}

const meOf = async (token: string) =>
  ((await (await fetch(`${sb.intercom.url}/me`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })).json()) as { id: string }).id;

describe('app admins come from app admins', () => {
  it('when a teammate who is not an app admin reinstalls, then the admins stay as they were and only the token is theirs', async () => {
    const { t, ws, ada, tom, install, submit } = await setup();
    await install(ada);
    expect((await t.deps.installations.get(ws))?.appAdmins).toEqual([ada]);
    await install(tom);
    const inst = await t.deps.installations.get(ws);
    expect(inst?.appAdmins).toEqual([ada]);
    expect(inst?.installedBy).toBe(ada);
    expect(await meOf(await t.deps.installations.accessToken(ws))).toBe(tom);
    const asTom = await submit(tom, AppIds.settings);
    expect(canvasText(asTom.body)).toContain('Only app admins');
  });

  it('when a removed app admin reinstalls, then they do not come back as an app admin', async () => {
    const { t, ws, ada, tom, install, submit } = await setup();
    await install(ada);
    await submit(ada, AppIds.addAdmin, { [AppIds.teammatePick]: tom });
    expect((await t.deps.installations.get(ws))?.appAdmins).toEqual([ada, tom]);
    await submit(ada, AppIds.removeAdmin, { [AppIds.teammatePick]: tom });
    await install(tom);
    expect((await t.deps.installations.get(ws))?.appAdmins).toEqual([ada]);
  });

  it('when settings change, then app admins read who did what in Activity, newest first; others cannot', async () => {
    const { t, ws, ada, tom, install, submit } = await setup();
    await install(ada);
    await submit(ada, AppIds.addAdmin, { [AppIds.teammatePick]: tom });
    await submit(tom, AppIds.toggleSegmentSync);
    await t.deps.installations.connectReferralFactory(ws, sb.rf.apiKey, ada);
    await submit(ada, AppIds.removeAdmin, { [AppIds.teammatePick]: tom });
    await install(tom);

    const res = await submit(ada, AppIds.activity);
    expect(canvasVerdict(res.body, 'submit').errors).toEqual([]);
    const lines = (res.body.canvas.content.components as Array<{ type: string; text?: string }>)
      .filter((c) => c.type === 'text' && / · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/.test(c.text ?? '')).map((c) => c.text!.replace(/ · .*$/, ''));
    const names = sb.intercom.control.admins() as Array<{ id: string; name: string }>;
    const name = (id: string) => names.find((a) => a.id === id)!.name;
    expect(lines).toEqual([
      `${name(tom)} reinstalled the app (a new Intercom token)`,
      `${name(ada)} removed ${name(tom)} from the app admins`,
      `${name(ada)} connected Referral Factory`,
      `${name(tom)} limited segment syncs to app admins`,
      `${name(ada)} made ${name(tom)} an app admin`,
      `${name(ada)} installed the app`,
    ]);
    expect(componentIds(res.body)).toContain(AppIds.settings);
    expect(canvasText((await submit(tom, AppIds.activity)).body)).toContain('Only app admins');
  });
});
