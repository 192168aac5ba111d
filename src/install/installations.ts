import type { SecretBox } from '../shared/secret-box.js';
import { AppError } from '../shared/errors.js';
import type { Installation, Region } from '../store/db-schema.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../sync/ports.js';

// Installations and their secrets. Secrets are sealed with the workspace and field as context;
// nothing outside this module sees ciphertext or handles a plain secret longer than a call.

const tokenContext = (ws: string) => `intercom-token:${ws}`;
const rfKeyContext = (ws: string) => `rf-api-key:${ws}`;

export interface NewInstall {
  workspaceId: string;
  region: Region;
  mode: Installation['mode'];
  accessToken: string;
  adminId: string;
}

export type AdminChange = { ok: true; admins: string[] } | { ok: false; reason: 'last_admin' | 'not_admin' | 'already_admin' | 'not_installed' };

export function createInstallations(deps: { store: Store; box: SecretBox; clock: Clock }) {
  const { store, box, clock } = deps;
  const get = (workspaceId: string): Installation | undefined =>
    Object.hasOwn(store.read().installations, workspaceId) ? store.read().installations[workspaceId] : undefined;

  function require(workspaceId: string): Installation {
    const inst = get(workspaceId);
    if (!inst) throw new AppError('not_installed', 'The app is not installed for this workspace');
    return inst;
  }

  const update = (workspaceId: string, change: (inst: Installation) => void) =>
    store.update((db) => {
      const inst = db.installations[workspaceId];
      if (inst) change(inst);
    });

  return {
    get,

    /** First install, or a re-install: the token is replaced; admins, settings and RF are kept. */
    async install(n: NewInstall): Promise<Installation> {
      const sealed = box.seal(n.accessToken, tokenContext(n.workspaceId));
      await store.update((db) => {
        const prev = db.installations[n.workspaceId];
        db.installations[n.workspaceId] = {
          workspaceId: n.workspaceId,
          region: n.region,
          mode: n.mode,
          accessToken: sealed,
          installedBy: prev?.installedBy ?? n.adminId,
          installedAt: prev?.installedAt ?? Math.floor(clock.now() / 1000),
          appAdmins: prev ? (prev.appAdmins.includes(n.adminId) ? prev.appAdmins : [...prev.appAdmins, n.adminId]) : [n.adminId],
          status: 'active',
          ...(prev?.referralFactory ? { referralFactory: prev.referralFactory } : {}),
          settings: prev?.settings ?? { teammatesCanSyncSegments: true },
        };
      });
      return require(n.workspaceId);
    },

    /** The workspace's Intercom token; throws not_installed / installation_disconnected. */
    accessToken(workspaceId: string): string {
      const inst = require(workspaceId);
      if (inst.status === 'disconnected') throw new AppError('installation_disconnected', 'Intercom access was revoked; an admin must reinstall the app');
      return box.open(inst.accessToken, tokenContext(workspaceId));
    },

    /** The workspace's RF API key; throws not_installed / rf_not_connected. */
    rfApiKey(workspaceId: string): string {
      const rf = require(workspaceId).referralFactory;
      if (!rf) throw new AppError('rf_not_connected', 'Referral Factory is not connected');
      return box.open(rf.apiKey, rfKeyContext(workspaceId));
    },

    markDisconnected: (workspaceId: string, reason: string) =>
      update(workspaceId, (inst) => {
        inst.status = 'disconnected';
        inst.disconnectedReason = reason.slice(0, 200);
      }),

    connectReferralFactory: (workspaceId: string, apiKey: string, adminId: string) =>
      update(workspaceId, (inst) => {
        inst.referralFactory = { apiKey: box.seal(apiKey, rfKeyContext(workspaceId)), connectedBy: adminId, connectedAt: Math.floor(clock.now() / 1000) };
      }),

    disconnectReferralFactory: (workspaceId: string) => update(workspaceId, (inst) => void delete inst.referralFactory),

    /** The installation, its secrets, and the workspace's syncs and runs. Data already in Intercom and RF stays. */
    uninstall: (workspaceId: string) =>
      store.update((db) => {
        delete db.installations[workspaceId];
        for (const [id, def] of Object.entries(db.syncs)) {
          if (def.workspaceId !== workspaceId) continue;
          delete db.syncs[id];
          delete db.syncState[id];
          delete db.runs[id];
        }
      }),

    async addAdmin(workspaceId: string, adminId: string): Promise<AdminChange> {
      const inst = get(workspaceId);
      if (!inst) return { ok: false, reason: 'not_installed' };
      if (inst.appAdmins.includes(adminId)) return { ok: false, reason: 'already_admin' };
      await update(workspaceId, (i) => void i.appAdmins.push(adminId));
      return { ok: true, admins: [...require(workspaceId).appAdmins] };
    },

    async removeAdmin(workspaceId: string, adminId: string): Promise<AdminChange> {
      const inst = get(workspaceId);
      if (!inst) return { ok: false, reason: 'not_installed' };
      if (!inst.appAdmins.includes(adminId)) return { ok: false, reason: 'not_admin' };
      if (inst.appAdmins.length === 1) return { ok: false, reason: 'last_admin' };
      await update(workspaceId, (i) => void (i.appAdmins = i.appAdmins.filter((a) => a !== adminId)));
      return { ok: true, admins: [...require(workspaceId).appAdmins] };
    },

    setTeammatesCanSyncSegments: (workspaceId: string, allowed: boolean) =>
      update(workspaceId, (inst) => void (inst.settings.teammatesCanSyncSegments = allowed)),
  };
}

export type Installations = ReturnType<typeof createInstallations>;
