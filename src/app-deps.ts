import { intercomApiBase, isPrivateApp, REGION_API_HOSTS, type Config } from './config.js';
import type { InboxEnv } from './inbox/card/inbox-env.js';
import { createInstallations, type Installations } from './install/installations.js';
import { createIntercomAuth, type IntercomAuth } from './install/intercom-auth.js';
import { createSignedTokens, RUN_ERRORS_LINK_SECONDS, type SignedTokens } from './install/signed-tokens.js';
import { listTeammates, type Teammate } from './install/workspace-admins.js';
import { createIntercomContactSource } from './integrations/intercom/index.js';
import { createCampaignCache, createReferralFactoryClient } from './integrations/referral-factory/index.js';
import { inProcessLimits, type ConfiguredLimits } from './integrations/open-limits.js';
import { silentLogger, type AppLogger } from './shared/logger.js';
import { createSecretBox } from './shared/secret-box.js';
import type { JobRunner } from './jobs/job-runner.js';
import type { Repositories } from './store/repositories.js';
import type { CallPriority, Clock, ContactSource, ConversationReplies, ReferralDirectory } from './sync/ports.js';
import { createSyncService, type SyncService } from './sync/sync-service.js';
import { memoryRecentWrites, rememberingWrites, type RecentWrites } from './sync/echo-guard.js';
import { rememberingEnrolments } from './sync/rf-echo.js';
import { lastOfEachKind, RF_EVENTS_LOOKED_AT, type RfEventKind } from './sync/rf-events.js';

// The composition root's parts: everything createApp and the scheduler need, built from the
// config and the repositories. No module-level singletons: two apps in one process don't share state.

/** A dependency /ready checks (the store; the job queue); `kind` is what /health reports. */
export interface ReadinessProbe {
  name: string;
  kind: string;
  /** Resolves when the dependency can serve; /ready bounds the wait. */
  check(): Promise<void>;
}

export interface AppDeps {
  config: Config;
  repos: Repositories;
  /** What /ready checks: the store, then the queue. */
  probes: ReadinessProbe[];
  clock: Clock;
  logger: AppLogger;
  installations: Installations;
  tokens: SignedTokens;
  intercomAuth: IntercomAuth;
  /** Intercom for one workspace; a refused token marks the installation disconnected. */
  intercomFor(workspaceId: string): Promise<ContactSource & ConversationReplies>;
  /** The workspace's teammates (Intercom admins), to choose app admins from. */
  teammatesOf(workspaceId: string): Promise<Teammate[]>;
  /** RF with the workspace's stored key; its calls wait in the key's budget as `priority`. */
  referralFactoryFor(workspaceId: string, priority: CallPriority): Promise<ReferralDirectory>;
  /** RF with a key being connected (checked before it is stored; an admin waits on the page: interactive). */
  referralFactoryWithKey(apiKey: string): ReferralDirectory;
  sync: SyncService;
  /** The signed, single-use page where an app admin enters the RF API key. */
  rfSetupUrl(workspaceId: string, adminId: string): string;
  /** The signed, read-only page with one run's failed and skipped contacts (and their CSV). */
  runErrorsUrl(workspaceId: string, runId: string, adminId: string): string;
  /** The signed, single-use page showing an app admin the workspace's RF webhook URLs. */
  rfWebhookPageUrl(workspaceId: string, adminId: string): string;
  /** When the last RF event of each kind arrived (ms), from the workspace's recent events. */
  rfEventsLast(workspaceId: string): Promise<Record<RfEventKind, number | null>>;
  installUrl: string;
  privateApp: boolean;
  /** Private-app mode: the workspace of INTERCOM_ACCESS_TOKEN (Intercom's /me, asked once), else undefined. */
  privateWorkspaceId(): Promise<string | undefined>;
}

export interface BuildOptions {
  config: Config;
  repos: Repositories;
  clock?: Clock;
  logger?: AppLogger;
  /** Tests shorten upstream retries. */
  retryMinDelayMs?: number;
  /** Where jobs run: default the in-process runner (the embedded mode); src/jobs/open.ts picks BullMQ in the distributed one. */
  jobs?: JobRunner;
  /** The job queue's readiness. Default: the in-process runner (always ready). */
  queueProbe?: ReadinessProbe;
  /** RF budgets and Intercom windows: default this process's; src/integrations/open-limits.ts shares them through Redis in the distributed mode. */
  limits?: ConfiguredLimits;
  /** Where the app's own writes are remembered (echo-guard.ts): default this process; src/jobs/open.ts gives Redis in the distributed mode. */
  recentWrites?: RecentWrites;
}

/** Where the run error list page is served (src/http/run-errors-routes.ts). */
export const RUN_ERRORS_PATH = '/runs/errors';

export const systemClock: Clock = { now: () => Date.now() };

export function buildAppDeps(o: BuildOptions): AppDeps {
  const { config, repos } = o;
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? silentLogger();
  const installations = createInstallations({ repo: repos.installations, definitions: repos.definitions, activity: repos.activity, joinerContacts: repos.joinerContacts, box: createSecretBox(config.encryptionKey), clock });
  const tokens = createSignedTokens({ secret: config.appSigningSecret, usedTokens: repos.usedTokens, clock });
  const retry = o.retryMinDelayMs === undefined ? {} : { retryMinDelayMs: o.retryMinDelayMs };
  const limits = o.limits ?? inProcessLimits(config);

  const recentWrites = o.recentWrites ?? memoryRecentWrites({ now: () => clock.now() });

  async function intercomFor(workspaceId: string): Promise<ContactSource & ConversationReplies> {
    const token = await installations.accessToken(workspaceId);
    const region = (await installations.get(workspaceId))?.region ?? 'US';
    const baseUrl = intercomApiBase(config, region);
    // Every attribute write remembered, so that its webhook echo costs nothing (echo-guard.ts).
    return rememberingWrites(createIntercomContactSource({
      baseUrl,
      token,
      rateWindow: limits.intercomWindow(baseUrl, token),
      ...retry,
      onAuthFailure: () => {
        logger.warn({ workspaceId }, 'Intercom refused the token: installation marked disconnected');
        void installations.markDisconnected(workspaceId, 'Intercom refused the access token').catch((err: unknown) =>
          logger.error({ workspaceId, err }, 'could not mark the installation disconnected'));
      },
    }), workspaceId, recentWrites, (err) => logger.warn({ workspaceId, err: String(err) }, 'could not remember a write'));
  }

  // One per process: cards, Preview and webhook work reuse a campaign read within the last minute (campaign-cache.ts).
  const campaigns = createCampaignCache();
  const rfClient = (apiKey: string, priority: CallPriority) =>
    createReferralFactoryClient({ baseUrl: config.rfApiBaseUrl, apiKey, budget: limits.rfBudget(apiKey), priority, notify: config.rfNotifyNewReferrers, campaigns, ...retry });
  const referralFactoryWithKey = (apiKey: string) => rfClient(apiKey, 'interactive');
  // Every referrer created is remembered, so RF's "new referrer" webhook about it costs nothing (rf-echo.ts).
  const referralFactoryFor = async (workspaceId: string, priority: CallPriority) =>
    rememberingEnrolments(rfClient(await installations.rfApiKey(workspaceId), priority), workspaceId, recentWrites,
      (err) => logger.warn({ workspaceId, err: String(err) }, 'could not remember an enrolment'));

  const sync = createSyncService({
    repos, clock, logger, tickSeconds: config.syncTickSeconds,
    reconcileHours: config.syncReconcileHours,
    indexLagMinutes: config.syncIndexLagMinutes,
    outageLimitMinutes: config.syncOutageLimitMinutes,
    ...(o.jobs ? { jobs: o.jobs } : {}),
    contactsFor: intercomFor,
    referralsFor: referralFactoryFor,
    events: repos.events,
    joinerContacts: repos.joinerContacts,
    recentWrites,
  });

  const probes: ReadinessProbe[] = [
    { name: 'store', kind: repos.adapter, check: () => repos.ping() },
    o.queueProbe ?? { name: 'queue', kind: 'in-process', check: async () => {} },
  ];

  const intercomAuth = createIntercomAuth({
    apiBaseUrl: config.intercom.apiBaseUrlOverride ?? REGION_API_HOSTS.US,
    clientId: config.intercom.clientId,
    clientSecret: config.intercom.clientSecret,
  });
  let privateWorkspace: Promise<string | undefined> | undefined;
  const privateWorkspaceId = (): Promise<string | undefined> => {
    const token = config.intercom.accessToken;
    if (!token) return Promise.resolve(undefined);
    privateWorkspace ??= intercomAuth.identify(token).then((me) => me.workspaceId, (err: unknown) => {
      privateWorkspace = undefined; // asked again next time
      throw err;
    });
    return privateWorkspace;
  };

  return {
    config, repos, probes, clock, logger, installations, tokens, sync,
    intercomAuth,
    intercomFor,
    teammatesOf: async (workspaceId) => listTeammates({
      baseUrl: intercomApiBase(config, (await installations.get(workspaceId))?.region ?? 'US'),
      token: await installations.accessToken(workspaceId),
    }),
    referralFactoryFor,
    referralFactoryWithKey,
    rfSetupUrl: (workspaceId, adminId) =>
      `${config.publicBaseUrl}/setup/referral-factory?token=${encodeURIComponent(tokens.issue('rf_setup', { ws: workspaceId, adm: adminId }))}`,
    runErrorsUrl: (workspaceId, runId, adminId) =>
      `${config.publicBaseUrl}${RUN_ERRORS_PATH}?token=${encodeURIComponent(tokens.issue('run_errors', { ws: workspaceId, adm: adminId, run: runId }, RUN_ERRORS_LINK_SECONDS))}`,
    rfWebhookPageUrl: (workspaceId, adminId) =>
      `${config.publicBaseUrl}/setup/rf-webhooks?token=${encodeURIComponent(tokens.issue('rf_webhook_page', { ws: workspaceId, adm: adminId }))}`,
    rfEventsLast: async (workspaceId) => lastOfEachKind(await sync.recentEvents(workspaceId, RF_EVENTS_LOOKED_AT)),
    installUrl: `${config.publicBaseUrl}/install`,
    privateApp: isPrivateApp(config),
    privateWorkspaceId,
  };
}

/** What the inbox use cases see of the app. */
export const inboxEnvOf = (deps: AppDeps): InboxEnv & Pick<AppDeps, 'installations' | 'installUrl' | 'privateApp' | 'privateWorkspaceId' | 'teammatesOf' | 'rfWebhookPageUrl' | 'rfEventsLast'> => ({
  installations: deps.installations,
  clock: deps.clock,
  sync: deps.sync,
  intercomFor: deps.intercomFor,
  // Every RF call the inbox screens make is for the person looking at them.
  conversationsFor: deps.intercomFor,
  referralFactoryFor: (workspaceId) => deps.referralFactoryFor(workspaceId, 'interactive'),
  rfSetupUrl: deps.rfSetupUrl,
  runErrorsUrl: deps.runErrorsUrl,
  rfWebhookPageUrl: deps.rfWebhookPageUrl,
  rfEventsLast: deps.rfEventsLast,
  teammatesOf: deps.teammatesOf,
  installUrl: deps.installUrl,
  privateApp: deps.privateApp,
  privateWorkspaceId: deps.privateWorkspaceId,
});
