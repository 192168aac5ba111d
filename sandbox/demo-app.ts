import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAppDeps } from '../src/app-deps.js';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/http/app.js';
import { connectWithKey } from '../src/install/connect-rf.js';
import { ensurePrivateInstallation } from '../src/install/private-app.js';
import { createLogger } from '../src/shared/logger.js';
import { openLowdbRepositories } from '../src/store/lowdb/index.js';
import type { EventRow } from './inbox/wire.js';
import { type FirstSync, startFirstSync } from './demo-first-sync.js';

// The one file of the sandbox (with demo-first-sync.ts) that imports the app: it boots it the way src/main.ts does
// (config from an env, file store, deps, private installation, HTTP, scheduler), with an env
// built from the stand-ins. The stand-ins and the simulator never import src/.

/** Settings a person may override from the environment; anything else comes from the stand-ins. */
const OVERRIDABLE = ['PORT', 'PUBLIC_BASE_URL', 'ENCRYPTION_KEY', 'APP_SIGNING_SECRET', 'DATA_FILE', 'LOG_LEVEL', 'SYNC_TICK_SECONDS'];

export interface DemoAppSettings {
  host: string;
  clientSecret: string;
  dataFile: string;
  intercom: { url: string; accessToken: string };
  referralFactory: { baseUrl: string; apiKey: string; connect: boolean };
  /** Save and start a first sync (demo-first-sync.ts), as an app admin would in the wizard. */
  firstSync?: boolean;
  env: Record<string, string | undefined>;
}

export interface DemoApp {
  url: string;
  /** The workspace's recent webhook events and what the app did with each (for the simulator's panel). */
  events(): Promise<EventRow[]>;
  /** The workspace's secret RF webhook URL (without the event suffix); null when RF is not connected. */
  rfWebhookUrl: string | null;
  firstSync: FirstSync | undefined;
  close(): Promise<void>;
}

export async function startDemoApp(s: DemoAppSettings): Promise<DemoApp> {
  const overrides = Object.fromEntries(OVERRIDABLE.filter((k) => s.env[k] !== undefined).map((k) => [k, s.env[k]]));
  // Listen first, so PUBLIC_BASE_URL can name the real port when PORT is 0.
  const server = createServer();
  server.listen(Number(overrides['PORT'] ?? 3000), s.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${s.host}:${port}`;
  const config = loadConfig({
    PORT: String(port),
    HOST: s.host,
    PUBLIC_BASE_URL: url,
    INTERCOM_CLIENT_SECRET: s.clientSecret,
    INTERCOM_API_BASE_URL: s.intercom.url,
    INTERCOM_OAUTH_URL: `${s.intercom.url}/oauth`,
    INTERCOM_ACCESS_TOKEN: s.intercom.accessToken,
    RF_API_BASE_URL: s.referralFactory.baseUrl,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    APP_SIGNING_SECRET: randomBytes(32).toString('hex'),
    DATA_FILE: s.dataFile,
    LOG_LEVEL: 'warn',
    SYNC_TICK_SECONDS: '5',
    ...overrides,
  });
  try {
    const logger = createLogger({ level: config.logLevel });
    const repos = await openLowdbRepositories(config.dataFile);
    const deps = buildAppDeps({ config, repos, logger });
    const inst = await ensurePrivateInstallation(s.intercom.accessToken, { auth: deps.intercomAuth, installations: deps.installations });
    if (s.referralFactory.connect && !inst.referralFactory) {
      // Through the app's own connect use case, as an app admin would with the setup link.
      const admin = inst.appAdmins[0] ?? '';
      const link = deps.tokens.issue('rf_setup', { ws: inst.workspaceId, adm: admin });
      const connected = await connectWithKey(deps, link, s.referralFactory.apiKey);
      if (!connected.ok) throw new Error(`could not connect Referral Factory: ${connected.reason}`);
    }
    // The URL an app admin would paste into RF (App settings › Webhook URLs for Referral Factory).
    const rfToken = s.referralFactory.connect ? await deps.installations.rfWebhookToken(inst.workspaceId, null) : null;
    server.on('request', createApp(deps));
    await deps.sync.start();
    const firstSync = s.firstSync && s.referralFactory.connect ? await startFirstSync(deps, inst) : undefined;
    return {
      url,
      events: async () => (await deps.sync.recentEvents(inst.workspaceId, 20)).map((e) => ({
        at: e.receivedAt, topic: e.topic, contactId: e.subjectId, status: e.status, outcome: e.outcome ?? e.lastError ?? '',
      })),
      rfWebhookUrl: rfToken ? `${url}/webhooks/rf/${rfToken}` : null,
      firstSync,
      async close() {
        await deps.sync.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await repos.close();
      },
    };
  } catch (err) {
    server.close();
    throw err;
  }
}
