import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoApp } from './demo-app.js';
import type { FirstSync } from './demo-first-sync.js';
import { startInboxSimulator } from './inbox/index.js';
import { startSandboxesFromEnv, type StartedSandboxes } from './start.js';

/**
 * Everything `npm run demo` runs, in one process: both stand-ins seeded, the app from its own
 * composition root (private-app mode on the Intercom stand-in's token, a fresh data file,
 * generated secrets), Referral Factory connected, and the inbox simulator in front.
 * The browser tests start the same stack with small seeds.
 */
export interface DemoStackOptions {
  /** Sandbox settings as `npm run sandbox` reads them (SANDBOX_CONTACTS, RF_SANDBOX_PORT, …). */
  sandboxEnv?: Record<string, string | undefined>;
  /** App settings that override the demo's (PORT, HOST, LOG_LEVEL, SYNC_TICK_SECONDS, …). */
  appEnv?: Record<string, string | undefined>;
  inboxPort?: number;
  host?: string;
  /** Store the RF key through the app's connect use case before starting (default true). */
  connectReferralFactory?: boolean;
  /** Save and start a first sync, as `npm run demo` does (default false: the browser tests walk the wizard). */
  firstSync?: boolean;
}

export interface DemoStack {
  sandboxes: StartedSandboxes;
  appUrl: string;
  inboxUrl: string;
  clientSecret: string;
  firstSync: FirstSync | undefined;
  close(): Promise<void>;
}

export async function startDemoStack(opts: DemoStackOptions = {}): Promise<DemoStack> {
  const host = opts.host ?? '127.0.0.1';
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  try {
    const clientSecret = opts.appEnv?.['INTERCOM_CLIENT_SECRET'] ?? randomBytes(24).toString('hex');
    const sandboxes = await startSandboxesFromEnv({ SANDBOX_HOST: host, ...opts.sandboxEnv }, { clientSecret });
    cleanups.push(() => sandboxes.close());
    const dir = await mkdtemp(join(tmpdir(), 'rf-intercom-demo-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const app = await startDemoApp({
      host,
      clientSecret,
      dataFile: join(dir, 'store.json'),
      intercom: { url: sandboxes.intercom.url, accessToken: sandboxes.intercom.accessToken },
      referralFactory: {
        baseUrl: sandboxes.referralFactory.baseUrl,
        apiKey: sandboxes.referralFactory.apiKey,
        connect: opts.connectReferralFactory ?? true,
      },
      firstSync: opts.firstSync ?? false,
      env: opts.appEnv ?? {},
    });
    cleanups.push(() => app.close());
    // As an app developer would in the Developer Hub: Intercom's notifications go to the app (HEAD-checked first).
    await sandboxes.intercom.control.registerWebhook(`${app.url}/intercom/webhooks`);
    cleanups.push(async () => sandboxes.intercom.control.unregisterWebhook());
    if (app.rfWebhookUrl) wireRfWebhooks(sandboxes, app.rfWebhookUrl);
    const inbox = await startInboxSimulator({
      appBaseUrl: app.url,
      clientSecret,
      intercom: { url: sandboxes.intercom.url, accessToken: sandboxes.intercom.accessToken },
      referralActivity: sandboxes.referralFactory.control,
      events: () => app.events(),
      host,
      port: opts.inboxPort ?? 0,
    });
    cleanups.push(() => inbox.close());
    return { sandboxes, appUrl: app.url, inboxUrl: inbox.url, clientSecret, firstSync: app.firstSync, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * RF's outbound webhooks pointed at the app, as an admin sets them up in RF from the app's
 * webhook page: one per event and campaign, so a simulated referral reaches the card in seconds.
 */
function wireRfWebhooks(sandboxes: StartedSandboxes, base: string): void {
  const rf = sandboxes.referralFactory.control;
  for (const c of rf.listCampaigns()) {
    rf.addWebhook({ name: 'Intercom: new referrer', url: `${base}/referrer-joined`, event: 'user.join', campaignId: c.id, users: ['person_referring'] });
    rf.addWebhook({ name: 'Intercom: new lead', url: `${base}/lead-created`, event: 'user.join', campaignId: c.id, users: ['person_invited'] });
    rf.addWebhook({ name: 'Intercom: lead qualified', url: `${base}/lead-qualified`, event: 'user.qualified', campaignId: c.id });
  }
}
