import type { SecretBox } from '../shared/secret-box.js';
import { AppError } from '../shared/errors.js';
import type { SyncDefinitionRepository } from '../sync/repositories.js';
import type { JoinerContactRepository } from '../sync/joiner-contacts.js';
import type { Clock } from '../sync/ports.js';
import { type ActivityEntry, type ActivityKind, type ActivityRepository } from './activity.js';
import type { Installation, Region } from './installation.js';
import type { InstallationRepository } from './repositories.js';
import { claimedWorkspace, newRfWebhook, secretMatches, tokenOf } from './rf-webhook-secret.js';

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


/** `connectedBy` of a key the operator gave (RF_API_KEY), not a teammate. */
export const OPERATOR = 'operator';
export type AdminChange = { ok: true; admins: string[] } | { ok: false; reason: 'last_admin' | 'not_admin' | 'already_admin' | 'not_installed' };

export interface InstallationDeps {
  repo: InstallationRepository;
  /** Uninstall deletes the workspace's syncs with their state and runs. */
  definitions: Pick<SyncDefinitionRepository, 'deleteByWorkspace'>;
  /** Who changed what: read by app admins in the app settings. */
  activity: ActivityRepository;
  /** Uninstall forgets which Intercom contacts the app made for RF-page joiners (the contacts stay in Intercom). */
  joinerContacts?: Pick<JoinerContactRepository, 'deleteByWorkspace'>;
  box: SecretBox;
  clock: Clock;
}

export function createInstallations(deps: InstallationDeps) {
  const { repo, box, clock } = deps;

  /** Whether the stored token is this one (false too when it no longer opens, e.g. a new ENCRYPTION_KEY). */
  const opensTo = (inst: Installation, token: string): boolean => {
    try {
      return box.open(inst.accessToken, tokenContext(inst.workspaceId)) === token;
    } catch {
      return false;
    }
  };

  /** `by`: the Intercom admin who did it; null for the operator (private-app token, command line, tests). */
  const record = (workspaceId: string, kind: ActivityKind, by: string | null, subject?: string) =>
    deps.activity.append(workspaceId, { at: clock.now(), kind, by, ...(subject === undefined ? {} : { subject: subject.slice(0, 200) }) });

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

    /**
     * First install, or a re-install. Only the first install makes its installer an app admin; a
     * re-install replaces the token (Intercom lets only teammates allowed to install apps
     * authorize) and keeps admins, settings and the RF connection: app admins come from app
     * admins. Recorded in the activity list (a private app's restart with the same token is not).
     */
    async install(n: NewInstall): Promise<Installation> {
      const sealed = box.seal(n.accessToken, tokenContext(n.workspaceId));
      let kind: ActivityKind | undefined;
      const saved = await repo.upsert(n.workspaceId, (prev) => {
        const sameToken = prev !== null && prev.status === 'active' && opensTo(prev, n.accessToken);
        kind = prev === null ? 'installed' : n.mode === 'oauth' || !sameToken ? 'reinstalled' : undefined;
        return {
        workspaceId: n.workspaceId,
        region: n.region,
        mode: n.mode,
        accessToken: sealed,
        installedBy: prev?.installedBy ?? n.adminId,
        installedAt: prev?.installedAt ?? Math.floor(clock.now() / 1000),
        appAdmins: prev ? prev.appAdmins : [n.adminId],
        status: 'active',
        ...(prev?.referralFactory ? { referralFactory: prev.referralFactory } : {}),
        settings: prev?.settings ?? { teammatesCanSyncSegments: true },
        };
      });
      if (kind) await record(n.workspaceId, kind, n.adminId);
      return saved;
    },

    /** Records a settings change made elsewhere (a sync created, edited, paused). */
    record,

    /** The workspace's activity, newest first. */
    activity: (workspaceId: string, limit: number): Promise<ActivityEntry[]> => deps.activity.listRecent(workspaceId, limit),

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

    /** `adminId` null: the operator (RF_API_KEY in private-app mode). */
    async connectReferralFactory(workspaceId: string, apiKey: string, adminId: string | null): Promise<void> {
      const sealed = box.seal(apiKey, rfKeyContext(workspaceId));
      const saved = await repo.update(workspaceId, (inst) => {
        inst.referralFactory = { apiKey: sealed, connectedBy: adminId ?? OPERATOR, connectedAt: Math.floor(clock.now() / 1000) };
      });
      if (saved) await record(workspaceId, 'rf_connected', adminId);
    },

    async disconnectReferralFactory(workspaceId: string, by: string | null = null): Promise<void> {
      const saved = await repo.update(workspaceId, (inst) => void delete inst.referralFactory);
      if (saved) await record(workspaceId, 'rf_disconnected', by);
    },

    /** The installation, its secrets, and the workspace's syncs and runs. Data already in Intercom and RF stays. */
    async uninstall(workspaceId: string): Promise<void> {
      await deps.definitions.deleteByWorkspace(workspaceId);
      await deps.activity.deleteByWorkspace(workspaceId);
      await deps.joinerContacts?.deleteByWorkspace(workspaceId);
      await repo.delete(workspaceId);
    },

    async addAdmin(workspaceId: string, adminId: string, by: string | null = null): Promise<AdminChange> {
      let outcome: AdminChange = { ok: false, reason: 'not_installed' };
      await repo.update(workspaceId, (i) => {
        if (i.appAdmins.includes(adminId)) return void (outcome = { ok: false, reason: 'already_admin' });
        i.appAdmins.push(adminId);
        outcome = { ok: true, admins: [...i.appAdmins] };
      });
      if (outcome.ok) await record(workspaceId, 'admin_added', by, adminId);
      return outcome;
    },

    async removeAdmin(workspaceId: string, adminId: string, by: string | null = null): Promise<AdminChange> {
      let outcome: AdminChange = { ok: false, reason: 'not_installed' };
      await repo.update(workspaceId, (i) => {
        if (!i.appAdmins.includes(adminId)) return void (outcome = { ok: false, reason: 'not_admin' });
        if (i.appAdmins.length === 1) return void (outcome = { ok: false, reason: 'last_admin' });
        i.appAdmins = i.appAdmins.filter((a) => a !== adminId);
        outcome = { ok: true, admins: [...i.appAdmins] };
      });
      if (outcome.ok) await record(workspaceId, 'admin_removed', by, adminId);
      return outcome;
    },

    /**
     * The path token of the workspace's RF webhook URL, made on first use. Only for app admins'
     * eyes (App settings' secure page); null when the app is not installed.
     */
    async rfWebhookToken(workspaceId: string, by: string | null): Promise<string | null> {
      const inst = await repo.update(workspaceId, (i) => {
        if (!i.settings.rfWebhook) i.settings.rfWebhook = newRfWebhook(box, workspaceId, by, clock.now());
      });
      return inst?.settings.rfWebhook ? tokenOf(box, workspaceId, inst.settings.rfWebhook) : null;
    },

    /** A new secret: the old URL stops working at once. */
    async rotateRfWebhook(workspaceId: string, by: string | null): Promise<string | null> {
      const inst = await repo.update(workspaceId, (i) => void (i.settings.rfWebhook = newRfWebhook(box, workspaceId, by, clock.now())));
      if (!inst?.settings.rfWebhook) return null;
      await record(workspaceId, 'rf_webhook_rotated', by);
      return tokenOf(box, workspaceId, inst.settings.rfWebhook);
    },

    /** The installation a webhook token opens, or null (wrong, rotated, malformed, uninstalled). */
    async workspaceOfRfWebhook(token: string): Promise<string | null> {
      const claimed = claimedWorkspace(token);
      if (!claimed) return null;
      const inst = await repo.get(claimed.workspaceId);
      const hook = inst?.settings.rfWebhook;
      if (!inst || !hook) return null;
      return secretMatches(box, claimed.workspaceId, hook, claimed.secret) ? claimed.workspaceId : null;
    },

    async setTeammatesCanSyncSegments(workspaceId: string, allowed: boolean, by: string | null = null): Promise<void> {
      const saved = await repo.update(workspaceId, (inst) => void (inst.settings.teammatesCanSyncSegments = allowed));
      if (saved) await record(workspaceId, allowed ? 'segment_syncs_opened' : 'segment_syncs_limited', by);
    },
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
    if (inst.settings.rfWebhook) tokenOf(box, inst.workspaceId, inst.settings.rfWebhook);
    return true;
  } catch {
    return false;
  }
}
