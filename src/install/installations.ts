import type { SecretBox } from '../shared/secret-box.js';
import { AppError } from '../shared/errors.js';
import type { SyncDefinitionRepository } from '../sync/repositories.js';
import type { Clock } from '../sync/ports.js';
import type { Installation, Region } from './installation.js';
import type { InstallationRepository } from './repositories.js';

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

export interface InstallationDeps {
  repo: InstallationRepository;
  /** Uninstall deletes the workspace's syncs with their state and runs. */
  definitions: Pick<SyncDefinitionRepository, 'deleteByWorkspace'>;
  box: SecretBox;
  clock: Clock;
}

export function createInstallations(deps: InstallationDeps) {
  const { repo, box, clock } = deps;

  async function require(workspaceId: string): Promise<Installation> {
    const inst = await repo.get(workspaceId);
    if (!inst) throw new AppError('not_installed', 'The app is not installed for this workspace');
    return inst;
  }

  const update = async (workspaceId: string, change: (inst: Installation) => void): Promise<void> => {
    await repo.update(workspaceId, change);
  };

  return {
    get: (workspaceId: string): Promise<Installation | null> => repo.get(workspaceId),

    /** First install, or a re-install: the token is replaced; admins, settings and RF are kept. */
    install(n: NewInstall): Promise<Installation> {
      const sealed = box.seal(n.accessToken, tokenContext(n.workspaceId));
      return repo.upsert(n.workspaceId, (prev) => ({
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
      }));
    },

    /** The workspace's Intercom token; throws not_installed / installation_disconnected. */
    async accessToken(workspaceId: string): Promise<string> {
      const inst = await require(workspaceId);
      if (inst.status === 'disconnected') throw new AppError('installation_disconnected', 'Intercom access was revoked; an admin must reinstall the app');
      return box.open(inst.accessToken, tokenContext(workspaceId));
    },

    /** The workspace's RF API key; throws not_installed / rf_not_connected. */
    async rfApiKey(workspaceId: string): Promise<string> {
      const rf = (await require(workspaceId)).referralFactory;
      if (!rf) throw new AppError('rf_not_connected', 'Referral Factory is not connected');
      return box.open(rf.apiKey, rfKeyContext(workspaceId));
    },

    markDisconnected: (workspaceId: string, reason: string) =>
      update(workspaceId, (inst) => {
        inst.status = 'disconnected';
        inst.disconnectedReason = reason.slice(0, 200);
      }),

    connectReferralFactory: (workspaceId: string, apiKey: string, adminId: string) => {
      const sealed = box.seal(apiKey, rfKeyContext(workspaceId));
      return update(workspaceId, (inst) => {
        inst.referralFactory = { apiKey: sealed, connectedBy: adminId, connectedAt: Math.floor(clock.now() / 1000) };
      });
    },

    disconnectReferralFactory: (workspaceId: string) => update(workspaceId, (inst) => void delete inst.referralFactory),

    /** The installation, its secrets, and the workspace's syncs and runs. Data already in Intercom and RF stays. */
    async uninstall(workspaceId: string): Promise<void> {
      await deps.definitions.deleteByWorkspace(workspaceId);
      await repo.delete(workspaceId);
    },

    async addAdmin(workspaceId: string, adminId: string): Promise<AdminChange> {
      let outcome: AdminChange = { ok: false, reason: 'not_installed' };
      await repo.update(workspaceId, (i) => {
        if (i.appAdmins.includes(adminId)) return void (outcome = { ok: false, reason: 'already_admin' });
        i.appAdmins.push(adminId);
        outcome = { ok: true, admins: [...i.appAdmins] };
      });
      return outcome;
    },

    async removeAdmin(workspaceId: string, adminId: string): Promise<AdminChange> {
      let outcome: AdminChange = { ok: false, reason: 'not_installed' };
      await repo.update(workspaceId, (i) => {
        if (!i.appAdmins.includes(adminId)) return void (outcome = { ok: false, reason: 'not_admin' });
        if (i.appAdmins.length === 1) return void (outcome = { ok: false, reason: 'last_admin' });
        i.appAdmins = i.appAdmins.filter((a) => a !== adminId);
        outcome = { ok: true, admins: [...i.appAdmins] };
      });
      return outcome;
    },

    setTeammatesCanSyncSegments: (workspaceId: string, allowed: boolean) =>
      update(workspaceId, (inst) => void (inst.settings.teammatesCanSyncSegments = allowed)),
  };
}

export type Installations = ReturnType<typeof createInstallations>;

/**
 * Whether `box` opens every secret of `inst`, without handing any of them out: a store moved to
 * another backend (npm run migrate-store) keeps its ciphertexts, so the app must keep the key.
 */
export function secretsOpenWith(box: SecretBox, inst: Installation): boolean {
  try {
    box.open(inst.accessToken, tokenContext(inst.workspaceId));
    if (inst.referralFactory) box.open(inst.referralFactory.apiKey, rfKeyContext(inst.workspaceId));
    return true;
  } catch {
    return false;
  }
}
