import type { Express } from 'express';
import { buildAppDeps, type AppDeps } from '../../src/app-deps.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { openMemoryRepositories, type DbFile, type LowdbRepositories } from '../../src/store/lowdb/index.js';
import type { Clock } from '../../src/sync/ports.js';
import { createLogger, type AppLogger } from '../../src/shared/logger.js';
import { testEnv } from './env.js';

/** A local port nothing listens on (discard): calls fail at once, and never leave the machine. */
export const NOWHERE = 'http://127.0.0.1:9';

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 10, 29, 12, 0, 0)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms), set: (ms) => void (now = ms) };
}

export interface TestAppOptions {
  /** Intercom stand-in base URL (INTERCOM_API_BASE_URL and the OAuth page). */
  intercomUrl?: string;
  /** RF stand-in API base (`.../api/v2`). */
  rfBaseUrl?: string;
  env?: Record<string, string | undefined>;
  repos?: LowdbRepositories;
  initialDb?: DbFile;
  clock?: Clock;
  logger?: AppLogger;
}

/** A real logger whose lines are kept in memory, to check what the app logs. */
export function capturedLogger(): { logger: AppLogger; lines: string[] } {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(s) } }) };
}

export interface TestApp {
  app: Express;
  deps: AppDeps;
  config: Config;
  repos: LowdbRepositories;
  /** The client secret that signs canvas requests. */
  secret: string;
}

/** The real app over real deps: lowdb repositories in memory (unless given), real integrations pointed at the stand-ins. */
export async function testApp(o: TestAppOptions = {}): Promise<TestApp> {
  // Without a stand-in, upstream calls go to a closed local port: never to the real services.
  const intercomUrl = o.intercomUrl ?? NOWHERE;
  const config = loadConfig(testEnv({
    INTERCOM_API_BASE_URL: intercomUrl,
    INTERCOM_OAUTH_URL: `${intercomUrl}/oauth`,
    RF_API_BASE_URL: o.rfBaseUrl ?? `${NOWHERE}/api/v2`,
    ...o.env,
  }));
  const repos = o.repos ?? (await openMemoryRepositories(o.initialDb));
  const deps = buildAppDeps({ config, repos, ...(o.clock ? { clock: o.clock } : {}), ...(o.logger ? { logger: o.logger } : {}), retryMinDelayMs: 5 });
  return { app: createApp(deps), deps, config, repos, secret: config.intercom.clientSecret };
}

/** Installs a workspace directly (as the OAuth callback would), for tests that start installed. */
export async function installWorkspace(
  deps: AppDeps,
  i: { workspaceId?: string; accessToken?: string; adminId?: string; rfApiKey?: string; region?: 'US' | 'EU' | 'AU' } = {},
) {
  const workspaceId = i.workspaceId ?? 'ws_demo';
  const adminId = i.adminId ?? '1';
  await deps.installations.install({ workspaceId, region: i.region ?? 'US', mode: 'oauth', accessToken: i.accessToken ?? 'tok_test', adminId });
  if (i.rfApiKey) await deps.installations.connectReferralFactory(workspaceId, i.rfApiKey, adminId);
  return (await deps.installations.get(workspaceId))!;
}

/** Just the deps of a test app (same options as testApp). */
export const testDeps = async (o: TestAppOptions = {}): Promise<AppDeps> => (await testApp(o)).deps;
