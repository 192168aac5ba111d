import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInstallations } from '../../src/install/installations.js';
import { createSecretBox } from '../../src/shared/secret-box.js';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import type { Repositories } from '../../src/store/repositories.js';
import type { SecretBox } from '../../src/shared/secret-box.js';
import type { Clock } from '../../src/sync/ports.js';

const clock = { now: () => 1_790_000_000_000 };
const installationsOn = (repos: Repositories, o: { box: SecretBox; clock: Clock }) =>
  createInstallations({ repo: repos.installations, definitions: repos.definitions, activity: repos.activity, ...o });
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file store', () => {
  it('when installations are written, then a new store on the same file reads them back, and the file holds no plain secret', async () => {
    const file = join(dir, 'store.json');
    const key = randomBytes(32);
    const first = await openLowdbRepositories(file);
    const installs = installationsOn(first, {box: createSecretBox(key), clock });
    await installs.install({ workspaceId: 'ws_1', region: 'EU', mode: 'oauth', accessToken: 'tok_plain_123456', adminId: '42' });
    await installs.connectReferralFactory('ws_1', 'rf_key_plain_987', '42');
    await first.close(); // one process per file: the lock is released for the next open

    const raw = await readFile(file, 'utf8');
    expect(raw).not.toContain('tok_plain_123456');
    expect(raw).not.toContain('rf_key_plain_987');

    const reopened = installationsOn(await openLowdbRepositories(file), {box: createSecretBox(key), clock });
    expect(await reopened.get('ws_1')).toMatchObject({ region: 'EU', appAdmins: ['42'], status: 'active' });
    expect(await reopened.accessToken('ws_1')).toBe('tok_plain_123456');
    expect(await reopened.rfApiKey('ws_1')).toBe('rf_key_plain_987');
  });

  it('when the file is not JSON, then opening refuses with store_corrupt and leaves the file as it was', async () => {
    const file = join(dir, 'store.json');
    await writeFile(file, '{"version":1,"installations":');
    await expect(openLowdbRepositories(file)).rejects.toMatchObject({ code: 'store_corrupt' });
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"installations":');
  });

  it('when the file is JSON of the wrong shape, then opening refuses with store_corrupt', async () => {
    const file = join(dir, 'store.json');
    await writeFile(file, JSON.stringify({ version: 1, installations: { ws_1: { workspaceId: 'ws_1' } } }));
    await expect(openLowdbRepositories(file)).rejects.toMatchObject({ code: 'store_corrupt' });
  });

  it('when there is no file yet, then the store starts empty and creates it on the first write', async () => {
    const file = join(dir, 'store.json');
    const repos = await openLowdbRepositories(file);
    expect(repos.document().installations).toEqual({});
    expect(await repos.usedTokens.markUsed('x', 1, 0)).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8')).usedTokens).toEqual({ x: 1 });
  });

  it('when a re-install happens, then the token is replaced and admins, settings and the RF connection are kept', async () => {
    const installs = installationsOn(await openLowdbRepositories(join(dir, 's.json')), {box: createSecretBox(randomBytes(32)), clock });
    await installs.install({ workspaceId: 'ws_1', region: 'US', mode: 'oauth', accessToken: 'old', adminId: '1' });
    await installs.addAdmin('ws_1', '2');
    await installs.connectReferralFactory('ws_1', 'key', '1');
    await installs.markDisconnected('ws_1', 'revoked');
    await installs.install({ workspaceId: 'ws_1', region: 'US', mode: 'oauth', accessToken: 'new', adminId: '2' });
    expect(await installs.get('ws_1')).toMatchObject({ status: 'active', appAdmins: ['1', '2'], installedBy: '1' });
    expect(await installs.accessToken('ws_1')).toBe('new');
    expect(await installs.rfApiKey('ws_1')).toBe('key');
  });
});
