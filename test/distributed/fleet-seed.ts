import { randomBytes } from 'node:crypto';
import { createInstallations } from '../../src/install/installations.js';
import { createSecretBox } from '../../src/shared/secret-box.js';
import { openPostgresRepositories, type PostgresRepositories } from '../../src/store/postgres/index.js';
import type { SyncDefinition } from '../../src/sync/definition.js';

// Many installed workspaces in the distributed mode's database, written through the app's own
// modules (installations seal the tokens and keys with the app's encryption key), each with an
// ongoing sync into RF's basic campaign (first name and email): what a fleet of customers looks
// like to the web and worker processes. Shared by the multi-process test and `npm run bench -- fleet`.

export const FLEET_ADMIN = '991267001';
/** RF's second campaign: only first name and email, so every contact with both can be enrolled. */
export const FLEET_CAMPAIGN = 2;
export const FLEET_RETURN_MAPPING = { referral_link: 'rf_link', referrals_count: 'rf_referrals', converted_referrals_count: 'rf_converted' };

export interface FleetWorkspace {
  workspaceId: string;
  intercomToken: string;
  rfKey: string;
}

export const fleetSyncId = (workspaceId: string): string => `sync_${workspaceId}`;

export function fleetDefinition(workspaceId: string, now = Date.now()): SyncDefinition {
  return {
    id: fleetSyncId(workspaceId),
    workspaceId,
    campaignId: FLEET_CAMPAIGN,
    campaignName: 'Partner Program',
    audience: { kind: 'all' },
    fieldMapping: [
      { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
      { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'trim' },
    ],
    returnMapping: FLEET_RETURN_MAPPING,
    // Due at once (never run), then not again within a test or a benchmark.
    schedule: { type: 'ongoing', intervalMinutes: 24 * 60 },
    enabled: true,
    createdBy: FLEET_ADMIN,
    origin: 'wizard',
    createdAt: now,
    updatedAt: now,
  };
}

/** Migrates the database, then installs every workspace, connects its RF key and saves its sync (enabled: due at the first tick). */
export async function seedFleet(opts: { databaseUrl: string; encryptionKey: Buffer; workspaces: FleetWorkspace[]; enabled?: boolean }): Promise<PostgresRepositories> {
  const repos = await openPostgresRepositories({ connectionString: opts.databaseUrl, max: 4 });
  const installations = createInstallations({ repo: repos.installations, definitions: repos.definitions, activity: repos.activity, box: createSecretBox(opts.encryptionKey), clock: { now: () => Date.now() } });
  for (const w of opts.workspaces) {
    await installations.install({ workspaceId: w.workspaceId, region: 'US', mode: 'oauth', accessToken: w.intercomToken, adminId: FLEET_ADMIN });
    await installations.connectReferralFactory(w.workspaceId, w.rfKey, FLEET_ADMIN);
    await repos.definitions.put({ ...fleetDefinition(w.workspaceId), enabled: opts.enabled ?? true });
  }
  return repos;
}

/** Everything but the services' URLs: the same for every web and worker process of one deployment. */
export function fleetEnv(o: {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  intercomUrl: string;
  rfUrl: string;
  encryptionKey: Buffer;
  clientSecret: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
    INTERCOM_CLIENT_ID: 'fleet-client',
    INTERCOM_CLIENT_SECRET: o.clientSecret,
    INTERCOM_API_BASE_URL: o.intercomUrl,
    RF_API_BASE_URL: o.rfUrl,
    ENCRYPTION_KEY: o.encryptionKey.toString('hex'),
    APP_SIGNING_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    REDIS_KEY_PREFIX: o.redisPrefix,
    LOG_LEVEL: 'info',
    ...o.extra,
  };
}

