import express from 'express';
import type { Express } from 'express';
import { listen } from '../shared/listen.js';
import { createPrng } from '../shared/prng.js';
import { apiRouter } from './api-gate.js';
import { CallLog } from './call-log.js';
import { seedCampaigns } from './campaigns.js';
import type { SandboxContext } from './context.js';
import { createControl } from './control.js';
import type { ReferralFactoryControl } from './control.js';
import { controlRouter } from './control-routes.js';
import { Directory } from './directory.js';
import { Faults } from './faults.js';
import { landingRouter } from './landing.js';
import { RateLimiter } from './rate-limiter.js';
import { seedUsers } from './seed.js';
import { Counters } from './stats.js';
import { Webhooks } from './webhooks.js';
import { userWire } from './wire.js';

export type { ReferralFactoryControl, SimulateReferralInput, SimulateJoinInput, ControlUser } from './control.js';
export type { Webhook, WebhookDelivery, WebhookSpecInput } from './webhooks.js';
export type { FaultSpec, FaultStatus } from './faults.js';
export type { ReferralFactoryStats } from './stats.js';
export type { CallLogReport, KeyCalls } from './call-log.js';
export { MAIN_CAMPAIGN_ID } from './campaigns.js';

export interface ReferralFactorySandboxOptions {
  seed?: { prng?: number; referrers?: number; referrerEmails?: string[] };
  /** Valid API keys; default ['rf_test_key']. */
  apiKeys?: string[];
  /** Per API key, sliding 60-s window; default 600; 0 = off. */
  ratePerMinute?: number;
  /** Length of the sliding window; default 60,000 (RF's minute). Scale down for fast tests. */
  rateWindowMs?: number;
  /** A key with more than this many overruns is refused with 403; default 3. */
  blockAfterOverruns?: number;
  latencyMs?: number;
  host?: string;
  port?: number;
  now?: () => number;
  /** Root URL links point to when the app is mounted elsewhere; startReferralFactorySandbox sets it. */
  publicUrl?: string;
}

export interface ReferralFactorySandbox {
  /** Server root. */
  url: string;
  /** `${url}/api/v2`: what the app is configured with. */
  baseUrl: string;
  /** The first valid key. */
  apiKey: string;
  control: ReferralFactoryControl;
  close(): Promise<void>;
}

export interface ReferralFactorySandboxApp {
  app: Express;
  control: ReferralFactoryControl;
  apiKey: string;
  /** Sets the root URL of users' and campaigns' links. */
  setPublicUrl(url: string): void;
}

/** The stand-in as an Express app: `/api/v2/...`, `/_sandbox/...`, `/r/:code`, `/c/:code`, `/qr/:code.svg`. */
export function createReferralFactorySandboxApp(opts: ReferralFactorySandboxOptions = {}): ReferralFactorySandboxApp {
  const now = opts.now ?? Date.now;
  const prng = createPrng(opts.seed?.prng ?? 1);
  const apiKeys = opts.apiKeys?.length ? [...opts.apiKeys] : ['rf_test_key'];
  const dir = new Directory(seedCampaigns(now()), prng);
  seedUsers(dir, prng, now(), { referrers: opts.seed?.referrers ?? 0, referrerEmails: opts.seed?.referrerEmails ?? [] });
  const ctx: SandboxContext = {
    dir,
    prng,
    now,
    publicUrl: opts.publicUrl ?? 'http://127.0.0.1',
    apiKeys,
    limiter: new RateLimiter(opts.ratePerMinute ?? 600, opts.blockAfterOverruns ?? 3, now, opts.rateWindowMs ?? 60_000),
    calls: new CallLog(),
    faults: new Faults(),
    counters: new Counters(),
    latencyMs: opts.latencyMs ?? 0,
    webhooks: new Webhooks(now, (id) => dir.campaign(id) !== undefined, (u) => userWire(u, ctx.publicUrl, false)),
  };
  dir.observer = { joined: (u) => ctx.webhooks.fire('user.join', u), qualified: (u) => ctx.webhooks.fire('user.qualified', u) };
  const control = createControl(ctx);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/api/v2', apiRouter(ctx));
  app.use('/_sandbox', controlRouter(control));
  app.use(landingRouter(ctx));
  app.use((_req, res) => void res.status(404).json({ code: 404, message: 'Not Found' }));
  return { app, control, apiKey: apiKeys[0] as string, setPublicUrl: (url) => void (ctx.publicUrl = url.replace(/\/$/, '')) };
}

export async function startReferralFactorySandbox(opts: ReferralFactorySandboxOptions = {}): Promise<ReferralFactorySandbox> {
  const { app, control, apiKey, setPublicUrl } = createReferralFactorySandboxApp(opts);
  const { url, close } = await listen(app, opts.host ?? '127.0.0.1', opts.port ?? 0);
  if (!opts.publicUrl) setPublicUrl(url);
  return { url, baseUrl: `${url}/api/v2`, apiKey, control, close };
}
