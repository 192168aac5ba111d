import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppIds, CardIds, WizardIds } from '../../canvas/ids.js';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import { installWorkspace, testApp } from '../helpers/app.js';
import { canvasBody, canvasText, canvasVerdict, componentIds, signedPost, storedDataOf } from '../helpers/canvas.js';
import { putDefinition } from '../helpers/fixtures.js';
import { startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';

const SETTINGS = { v: 1, flow: 'app-settings' };
const ADA = '991267001';
const TOM = '991267002';

let sb: Sandboxes;
beforeAll(async () => {
  sb = await startSandboxes();
});
afterAll(async () => {
  await sb?.close();
});

/** Installed by Ada against the Intercom stand-in (its teammates: Ada, Tom, Maya). */
async function installed(o: { rfApiKey?: string; adminId?: string; intercom?: boolean } = {}) {
  const t = await testApp(o.intercom === false ? {} : { intercomUrl: sb.intercom.url });
  const adminId = o.adminId ?? ADA;
  await installWorkspace(t.deps, { workspaceId: 'ws_demo', adminId, accessToken: sb.intercom.accessToken, ...(o.rfApiKey ? { rfApiKey: o.rfApiKey } : {}) });
  const submit = async (componentId: string, x: { admin?: string; storedData?: unknown; inputs?: Record<string, unknown> } = {}) => {
    const res = await signedPost(t.app, '/canvas/submit', canvasBody({ admin: x.admin ?? adminId, componentId, storedData: x.storedData ?? SETTINGS, inputs: x.inputs ?? {} }), t.secret);
    expect(res.status).toBe(200);
    expect(canvasVerdict(res.body, 'submit').errors).toEqual([]);
    return res;
  };
  return { ...t, submit };
}

const componentById = (body: { canvas: { content: { components: Array<Record<string, unknown>> } } }, id: string) =>
  body.canvas.content.components.find((c) => c.id === id) as Record<string, unknown> & { options?: Array<{ id: string; text: string }> } | undefined;

describe('app settings: who may configure', () => {
  it('when the installing admin opens app settings, then they are the first app admin and every teammate is in the picker', async () => {
    const t = await installed();
    const res = await t.submit(AppIds.settings, { storedData: { v: 1, flow: 'card' } });
    expect(canvasText(res.body)).toContain('Ada Admin (you)');
    expect(componentById(res.body, AppIds.teammatePick)?.options?.map((o) => o.text)).toEqual(['Ada Admin · app admin (you)', 'Tom Teammate', 'Maya Manager']);
    expect(componentIds(res.body)).not.toContain(AppIds.removeAdmin);
    expect(storedDataOf(res.body)).toMatchObject({ ...SETTINGS, back: 'card' });
  });

  it.each([AppIds.settings, AppIds.addAdmin, AppIds.uninstallConfirm, CardIds.settings, WizardIds.start])(
    'when a teammate who is not an app admin submits %s, then a message canvas refuses it and nothing changes',
    async (componentId) => {
      const t = await installed();
      const before = JSON.stringify(t.repos.document());
      const res = await t.submit(componentId, { admin: TOM, inputs: { [AppIds.teammatePick]: TOM }, storedData: { ...SETTINGS, confirm: 'uninstall' } });
      expect(canvasText(res.body)).toMatch(/Only app admins/);
      expect(JSON.stringify(t.repos.document())).toBe(before);
    },
  );

  it('when an app admin adds a teammate from the picker, then that teammate may open the settings', async () => {
    const t = await installed();
    const res = await t.submit(AppIds.addAdmin, { inputs: { [AppIds.teammatePick]: TOM } });
    expect(canvasText(res.body)).toContain('Added Tom Teammate');
    expect((await t.deps.installations.get('ws_demo'))?.appAdmins).toEqual([ADA, TOM]);
    const asTom = await t.submit(AppIds.settings, { admin: TOM });
    expect(canvasText(asTom.body)).toContain('Tom Teammate (you)');
    expect(componentIds(asTom.body)).toContain(AppIds.removeAdmin);
  });

  it('when the choice is not a teammate or is refused, then the error sits by the picker only, the choice and filter are kept, and nothing changes', async () => {
    const t = await installed();
    const none = await t.submit(AppIds.addAdmin, { inputs: { [AppIds.teammatePick]: '424242' } });
    expect(componentById(none.body, AppIds.teammatePick)?.save_state).toBe('failed');
    expect(canvasText(none.body)).toContain('Choose a teammate from the list.');
    const already = await t.submit(AppIds.addAdmin, { inputs: { [AppIds.teammatePick]: ADA } });
    expect(canvasText(already.body)).toContain('This teammate is already an app admin.');
    expect(componentById(already.body, AppIds.teammatePick)).toMatchObject({ value: ADA, save_state: 'failed' });
    // A filter that matches one teammate chooses them; what was typed stays in the filter.
    const one = await t.submit(AppIds.teammateFilterGo, { inputs: { [AppIds.teammateFilter]: 'maya' } });
    expect(componentById(one.body, AppIds.teammateFilter)?.value).toBe('maya');
    const added = await t.submit(AppIds.addAdmin, { storedData: storedDataOf(one.body) });
    expect(canvasText(added.body)).toContain('Added Maya Manager');
  });

  it('when Intercom cannot list the teammates, then the settings say so with Try again, and no id is typed', async () => {
    const t = await installed({ intercom: false, adminId: '1' });
    const res = await t.submit(AppIds.settings);
    expect(canvasText(res.body)).toContain('Intercom did not give the list of teammates');
    expect(componentIds(res.body)).not.toContain(AppIds.teammatePick);
    await t.submit(AppIds.addAdmin, { inputs: { [AppIds.teammatePick]: '77' } });
    expect((await t.deps.installations.get('ws_demo'))?.appAdmins).toEqual(['1']);
  });

  it('when the last app admin tries to remove themself, then it is refused', async () => {
    const t = await installed();
    const res = await t.submit(AppIds.removeAdmin, { inputs: { [AppIds.teammatePick]: ADA } });
    expect(canvasText(res.body)).toContain('at least one app admin');
    expect((await t.deps.installations.get('ws_demo'))?.appAdmins).toEqual([ADA]);
  });

  it('when an app admin removes themself, then they are asked first; Cancel keeps them', async () => {
    const t = await installed();
    await t.submit(AppIds.addAdmin, { inputs: { [AppIds.teammatePick]: TOM } });
    const ask = await t.submit(AppIds.removeAdmin, { inputs: { [AppIds.teammatePick]: ADA } });
    expect(canvasText(ask.body)).toContain('Remove yourself from the app admins?');
    expect((await t.deps.installations.get('ws_demo'))?.appAdmins).toEqual([ADA, TOM]);
    const cancel = await t.submit(AppIds.settings, { storedData: storedDataOf(ask.body) });
    expect(canvasText(cancel.body)).toContain('Ada Admin (you)');
    const ask2 = await t.submit(AppIds.removeAdmin, { inputs: { [AppIds.teammatePick]: ADA } });
    const done = await t.submit(AppIds.removeSelfConfirm, { storedData: storedDataOf(ask2.body) });
    expect(canvasText(done.body)).toContain('You are no longer an app admin');
    expect((await t.deps.installations.get('ws_demo'))?.appAdmins).toEqual([TOM]);
  });

  it('when an admin removes another admin, then that teammate is refused afterwards', async () => {
    const t = await installed();
    await t.submit(AppIds.addAdmin, { inputs: { [AppIds.teammatePick]: TOM } });
    const res = await t.submit(AppIds.removeAdmin, { inputs: { [AppIds.teammatePick]: TOM } });
    expect(canvasText(res.body)).toContain('Removed Tom Teammate');
    expect((await t.deps.installations.get('ws_demo'))?.appAdmins).toEqual([ADA]);
    expect(canvasText((await t.submit(AppIds.settings, { admin: TOM })).body)).toContain('Only app admins');
  });

  it('when App settings were opened from the sync screens, then Back returns there, also after changes and Activity', async () => {
    const t = await installed();
    const backId = (body: Parameters<typeof componentById>[0]) => componentIds(body).filter((id) => id === CardIds.settings || id === CardIds.home);
    const fromStatus = await t.submit(AppIds.settings, { storedData: { v: 1, flow: 'status' } });
    expect(backId(fromStatus.body)).toEqual([CardIds.settings]);
    const added = await t.submit(AppIds.addAdmin, { storedData: storedDataOf(fromStatus.body), inputs: { [AppIds.teammatePick]: TOM } });
    expect(backId(added.body)).toEqual([CardIds.settings]);
    const activity = await t.submit(AppIds.activity, { storedData: storedDataOf(added.body) });
    const again = await t.submit(AppIds.settings, { storedData: storedDataOf(activity.body) });
    expect(backId(again.body)).toEqual([CardIds.settings]);
    const fromCard = await t.submit(AppIds.settings, { storedData: { v: 1, flow: 'card' } });
    expect(backId(fromCard.body)).toEqual([CardIds.home]);
  });

  it('when an admin limits segment syncs, then the setting flips and the screen says so', async () => {
    const t = await installed();
    expect((await t.deps.installations.get('ws_demo'))?.settings.teammatesCanSyncSegments).toBe(true);
    const res = await t.submit(AppIds.toggleSegmentSync);
    expect(canvasText(res.body)).toContain('Only app admins can sync a segment now');
    expect((await t.deps.installations.get('ws_demo'))?.settings.teammatesCanSyncSegments).toBe(false);
    await t.submit(AppIds.toggleSegmentSync);
    expect((await t.deps.installations.get('ws_demo'))?.settings.teammatesCanSyncSegments).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['from another flow', { v: 1, flow: 'wizard' }],
    ['of an unknown version', { v: 2, flow: 'app-settings' }],
    ['tampered into a confirmation', { v: 1, flow: 'app-settings', confirm: 'uninstall' }],
  ])('when stored_data is %s, then the screen is reported expired with a way back and nothing changes', async (_n, storedData) => {
    const t = await installed();
    const before = JSON.stringify(t.repos.document());
    const res = await signedPost(t.app, '/canvas/submit', canvasBody({ admin: ADA, componentId: AppIds.addAdmin, storedData, inputs: { [AppIds.teammatePick]: TOM } }), t.secret);
    expect(canvasText(res.body)).toContain('expired');
    expect(componentIds(res.body)).toContain(AppIds.restart);
    expect(JSON.stringify(t.repos.document())).toBe(before);
  });
});

describe('app settings: disconnect and uninstall', () => {
  it('when an admin confirms Disconnect Referral Factory, then the key is deleted', async () => {
    const t = await installed({ rfApiKey: 'rf_key_1' });
    const ask = await t.submit(AppIds.disconnectRf);
    expect(componentIds(ask.body)).toContain(AppIds.disconnectRfConfirm);
    expect((await t.deps.installations.get('ws_demo'))?.referralFactory).toBeDefined();
    const done = await t.submit(AppIds.disconnectRfConfirm, { storedData: storedDataOf(ask.body) });
    expect(canvasText(done.body)).toContain('Referral Factory disconnected');
    expect((await t.deps.installations.get('ws_demo'))?.referralFactory).toBeUndefined();
    expect(componentIds(done.body)).toContain(AppIds.setupLink);
  });

  it('when an admin confirms Uninstall, then the installation, its secrets and the workspace syncs are deleted, other workspaces kept', async () => {
    const t = await installed({ rfApiKey: 'rf_key_1' });
    await installWorkspace(t.deps, { workspaceId: 'ws_other', adminId: '5' });
    await putDefinition(t.repos, { id: 'sync_mine', workspaceId: 'ws_demo' });
    await putDefinition(t.repos, { id: 'sync_theirs', workspaceId: 'ws_other' });
    for (const id of ['sync_mine', 'sync_theirs']) await t.repos.states.update(id, (s) => void (s.lastCompletedAt = 1));
    const ask = await t.submit(AppIds.uninstall);
    const done = await t.submit(AppIds.uninstallConfirm, { storedData: storedDataOf(ask.body) });
    expect(done.body.event).toEqual({ type: 'completed' });
    expect(canvasText(done.body)).toContain('Uninstalled');
    const db = t.repos.document();
    expect(db.installations.ws_demo).toBeUndefined();
    expect(Object.keys(db.syncs)).toEqual(['sync_theirs']);
    expect(Object.keys(db.syncState)).toEqual(['sync_theirs']);
    expect(Object.keys(db.runs)).not.toContain('sync_mine');
    const after = await signedPost(t.app, '/canvas/initialize', canvasBody({ admin: ADA }), t.secret);
    expect(canvasText(after.body)).toContain('An admin must install the app');
  });
});

describe('app settings: connecting and installing again', () => {
  it('when Referral Factory is connected on the setup page, then “I have connected it” in App settings shows it connected', async () => {
    const t = await installed();
    const before = await t.submit(AppIds.connectedCheck);
    expect(canvasText(before.body)).toContain('Not connected yet');
    await t.deps.installations.connectReferralFactory('ws_demo', 'rf_key_1', ADA);
    const after = await t.submit(AppIds.connectedCheck);
    expect(canvasText(after.body)).toContain('Referral Factory is connected (by Ada Admin)');
    const screen = await t.submit(AppIds.connectRf);
    expect(componentIds(screen.body)).toEqual(expect.arrayContaining([AppIds.setupLink, AppIds.connectedCheck]));
  });

  it('when a private app is uninstalled, then the card says it is not installed and how the operator installs it again', async () => {
    const t = await testApp({ intercomUrl: sb.intercom.url, env: { INTERCOM_ACCESS_TOKEN: sb.intercom.accessToken } });
    await installWorkspace(t.deps, { workspaceId: 'ws_demo', adminId: ADA, accessToken: sb.intercom.accessToken });
    const confirm = await signedPost(t.app, '/canvas/submit', canvasBody({ admin: ADA, componentId: AppIds.uninstall, storedData: SETTINGS }), t.secret);
    await signedPost(t.app, '/canvas/submit', canvasBody({ admin: ADA, componentId: AppIds.uninstallConfirm, storedData: storedDataOf(confirm.body) }), t.secret);
    const card = await signedPost(t.app, '/canvas/initialize', canvasBody({ admin: ADA }), t.secret);
    expect(canvasVerdict(card.body, 'initialize').errors).toEqual([]);
    expect(canvasText(card.body)).toContain('The app is not installed: it was uninstalled. To install it again, the operator restarts the app with INTERCOM_ACCESS_TOKEN set.');
    expect(canvasText(card.body)).not.toContain('another Intercom workspace');
  });
});

describe('canvas endpoints: failures inside a handler', () => {
  it('when the data file cannot be written, then the change is refused, the canvas says it was not saved, and nothing changes (#12 obs. 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-broken-'));
    const data = join(dir, 'data');
    await mkdir(data);
    const repos = await openLowdbRepositories(join(data, 'store.json'));
    const t = await testApp({ intercomUrl: sb.intercom.url, repos });
    await installWorkspace(t.deps, { workspaceId: 'ws_demo', adminId: ADA, accessToken: sb.intercom.accessToken });
    const add = () => signedPost(t.app, '/canvas/submit', canvasBody({ admin: ADA, componentId: AppIds.addAdmin, storedData: SETTINGS, inputs: { [AppIds.teammatePick]: TOM } }), t.secret);

    // The data file's directory replaced by a file: creating the temporary file fails (ENOTDIR).
    await rename(data, `${data}.away`);
    await writeFile(data, 'not a directory');
    const res = await add();
    expect(res.status).toBe(200);
    expect(canvasVerdict(res.body, 'submit').errors).toEqual([]);
    expect(canvasText(res.body)).toContain('Not saved: the app could not write its data. Nothing was changed');
    expect(componentIds(res.body)).toContain(AppIds.restart);
    expect(res.text).not.toMatch(/ENOTDIR|at .*\.ts/);
    expect((await t.deps.installations.get('ws_demo'))?.appAdmins).toEqual([ADA]);
    const asTom = await signedPost(t.app, '/canvas/submit', canvasBody({ admin: TOM, componentId: AppIds.settings, storedData: SETTINGS }), t.secret);
    expect(canvasText(asTom.body)).toContain('Only app admins');

    // Writable again: the next change is saved, and the refused one never is.
    await rm(data);
    await rename(`${data}.away`, data);
    await t.deps.installations.setTeammatesCanSyncSegments('ws_demo', false);
    const saved = JSON.parse(await readFile(join(data, 'store.json'), 'utf8'));
    expect(saved.installations.ws_demo).toMatchObject({ appAdmins: [ADA], settings: { teammatesCanSyncSegments: false } });
    await repos.close();
    await rm(dir, { recursive: true, force: true });
  });
});
