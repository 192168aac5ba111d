import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppIds, CardIds, WizardIds } from '../../canvas/ids.js';
import { openFileStore } from '../../src/store/store.js';
import { installWorkspace, testApp } from '../helpers/app.js';
import { canvasBody, canvasText, canvasVerdict, componentIds, signedPost, storedDataOf } from '../helpers/canvas.js';
import { putDefinition } from '../helpers/fixtures.js';

const SETTINGS = { v: 1, flow: 'app-settings' };

async function installed(o: { rfApiKey?: string } = {}) {
  const t = await testApp();
  await installWorkspace(t.deps, { workspaceId: 'ws_demo', adminId: '1', ...o });
  const submit = async (componentId: string, x: { admin?: string; storedData?: unknown; inputs?: Record<string, unknown> } = {}) => {
    const res = await signedPost(t.app, '/canvas/submit', canvasBody({ admin: x.admin ?? '1', componentId, storedData: x.storedData ?? SETTINGS, inputs: x.inputs ?? {} }), t.secret);
    expect(res.status).toBe(200);
    expect(canvasVerdict(res.body, 'submit').errors).toEqual([]);
    return res;
  };
  return { ...t, submit };
}

describe('app settings: who may configure', () => {
  it('when the installing admin opens app settings, then they are listed as the first app admin', async () => {
    const t = await installed();
    const res = await t.submit(AppIds.settings, { storedData: { v: 1, flow: 'card' } });
    expect(canvasText(res.body)).toContain('1 (you)');
    expect(storedDataOf(res.body)).toEqual(SETTINGS);
  });

  it.each([AppIds.settings, AppIds.addAdmin, AppIds.uninstallConfirm, CardIds.settings, WizardIds.start])(
    'when a teammate who is not an app admin submits %s, then a message canvas refuses it and nothing changes',
    async (componentId) => {
      const t = await installed();
      const before = JSON.stringify(t.store.read());
      const res = await t.submit(componentId, { admin: '99', inputs: { [AppIds.adminId]: '99' }, storedData: { ...SETTINGS, confirm: 'uninstall' } });
      expect(canvasText(res.body)).toMatch(/Only app admins/);
      expect(JSON.stringify(t.store.read())).toBe(before);
    },
  );

  it('when an app admin adds a teammate, then that teammate may open the settings', async () => {
    const t = await installed();
    const res = await t.submit(AppIds.addAdmin, { inputs: { [AppIds.adminId]: ' 77 ' } });
    expect(canvasText(res.body)).toContain('Added 77');
    expect(t.deps.installations.get('ws_demo')?.appAdmins).toEqual(['1', '77']);
    expect(canvasText((await t.submit(AppIds.settings, { admin: '77' })).body)).toContain('77 (you)');
  });

  it('when the admin id is empty or malformed, then the input is marked failed with a reason', async () => {
    const t = await installed();
    const res = await t.submit(AppIds.addAdmin, { inputs: { [AppIds.adminId]: 'a b<script>' } });
    const input = res.body.canvas.content.components.find((c: { id?: string }) => c.id === AppIds.adminId);
    expect(input.save_state).toBe('failed');
    expect(canvasText(res.body)).toContain('Enter the teammate');
    expect(t.deps.installations.get('ws_demo')?.appAdmins).toEqual(['1']);
  });

  it('when the last app admin tries to remove themself, then it is refused', async () => {
    const t = await installed();
    const res = await t.submit(AppIds.removeAdmin, { inputs: { [AppIds.adminId]: '1' } });
    expect(canvasText(res.body)).toContain('at least one app admin');
    expect(t.deps.installations.get('ws_demo')?.appAdmins).toEqual(['1']);
  });

  it('when an admin removes another admin, then that teammate is refused afterwards', async () => {
    const t = await installed();
    await t.submit(AppIds.addAdmin, { inputs: { [AppIds.adminId]: '2' } });
    await t.submit(AppIds.removeAdmin, { inputs: { [AppIds.adminId]: '2' } });
    expect(t.deps.installations.get('ws_demo')?.appAdmins).toEqual(['1']);
    expect(canvasText((await t.submit(AppIds.settings, { admin: '2' })).body)).toContain('Only app admins');
  });

  it('when an admin limits segment syncs, then the setting flips and the screen says so', async () => {
    const t = await installed();
    expect(t.deps.installations.get('ws_demo')?.settings.teammatesCanSyncSegments).toBe(true);
    const res = await t.submit(AppIds.toggleSegmentSync);
    expect(canvasText(res.body)).toContain('Only app admins can sync a segment now');
    expect(t.deps.installations.get('ws_demo')?.settings.teammatesCanSyncSegments).toBe(false);
    await t.submit(AppIds.toggleSegmentSync);
    expect(t.deps.installations.get('ws_demo')?.settings.teammatesCanSyncSegments).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['from another flow', { v: 1, flow: 'wizard' }],
    ['of an unknown version', { v: 2, flow: 'app-settings' }],
    ['tampered into a confirmation', { v: 1, flow: 'app-settings', confirm: 'uninstall' }],
  ])('when stored_data is %s, then the screen is reported expired with a way back and nothing changes', async (_n, storedData) => {
    const t = await installed();
    const before = JSON.stringify(t.store.read());
    const res = await signedPost(t.app, '/canvas/submit', canvasBody({ admin: '1', componentId: AppIds.addAdmin, storedData, inputs: { [AppIds.adminId]: '5' } }), t.secret);
    expect(canvasText(res.body)).toContain('expired');
    expect(componentIds(res.body)).toContain(AppIds.restart);
    expect(JSON.stringify(t.store.read())).toBe(before);
  });
});

describe('app settings: disconnect and uninstall', () => {
  it('when an admin confirms Disconnect Referral Factory, then the key is deleted', async () => {
    const t = await installed({ rfApiKey: 'rf_key_1' });
    const ask = await t.submit(AppIds.disconnectRf);
    expect(componentIds(ask.body)).toContain(AppIds.disconnectRfConfirm);
    expect(t.deps.installations.get('ws_demo')?.referralFactory).toBeDefined();
    const done = await t.submit(AppIds.disconnectRfConfirm, { storedData: storedDataOf(ask.body) });
    expect(canvasText(done.body)).toContain('Referral Factory disconnected');
    expect(t.deps.installations.get('ws_demo')?.referralFactory).toBeUndefined();
    expect(componentIds(done.body)).toContain(AppIds.setupLink);
  });

  it('when an admin confirms Uninstall, then the installation, its secrets and the workspace syncs are deleted, other workspaces kept', async () => {
    const t = await installed({ rfApiKey: 'rf_key_1' });
    await installWorkspace(t.deps, { workspaceId: 'ws_other', adminId: '5' });
    await putDefinition(t.store, { id: 'sync_mine', workspaceId: 'ws_demo' });
    await putDefinition(t.store, { id: 'sync_theirs', workspaceId: 'ws_other' });
    const ask = await t.submit(AppIds.uninstall);
    const done = await t.submit(AppIds.uninstallConfirm, { storedData: storedDataOf(ask.body) });
    expect(done.body.event).toEqual({ type: 'completed' });
    expect(canvasText(done.body)).toContain('Uninstalled');
    const db = t.store.read();
    expect(db.installations.ws_demo).toBeUndefined();
    expect(Object.keys(db.syncs)).toEqual(['sync_theirs']);
    expect(Object.keys(db.syncState)).toEqual(['sync_theirs']);
    expect(Object.keys(db.runs)).toEqual(['sync_theirs']);
    const after = await signedPost(t.app, '/canvas/initialize', canvasBody({ admin: '1' }), t.secret);
    expect(canvasText(after.body)).toContain('An admin must install the app');
  });
});

describe('canvas endpoints: failures inside a handler', () => {
  it('when the store cannot be written, then the answer is still a valid canvas saying something went wrong, with a retry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-broken-'));
    const store = await openFileStore(join(dir, 'gone', 'store.json'));
    const t = await testApp({ store });
    // Written in memory; persisting fails because the directory does not exist.
    await installWorkspace(t.deps).catch(() => undefined);
    expect(t.deps.installations.get('ws_demo')).toBeDefined();
    const res = await signedPost(t.app, '/canvas/submit', canvasBody({ admin: '1', componentId: AppIds.addAdmin, storedData: SETTINGS, inputs: { [AppIds.adminId]: '2' } }), t.secret);
    expect(res.status).toBe(200);
    expect(canvasVerdict(res.body, 'submit').errors).toEqual([]);
    expect(canvasText(res.body)).toContain('Something went wrong');
    expect(componentIds(res.body)).toContain(AppIds.restart);
    expect(res.text).not.toMatch(/ENOENT|at .*\.ts/);
    await rm(dir, { recursive: true, force: true });
  });
});
