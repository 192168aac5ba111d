import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { startIntercomSandbox } from './intercom/index.js';
import type { IntercomSandbox } from './intercom/index.js';
import { startReferralFactorySandbox } from './referral-factory/index.js';
import type { ReferralFactorySandbox } from './referral-factory/index.js';

/**
 * `npm run sandbox`: both stand-ins alone, for trying the app by hand or pointing a benchmark at.
 * Every setting comes from the environment (ports 0 = any free port):
 *   SANDBOX_HOST (127.0.0.1), SANDBOX_SEED (1), SANDBOX_LATENCY_MS (0)
 *   INTERCOM_SANDBOX_PORT (4010), SANDBOX_CONTACTS (200), SANDBOX_SEGMENTS (25), SANDBOX_CUSTOM_ATTRIBUTES (30),
 *   INTERCOM_SANDBOX_RATE_PER_WINDOW (1666 per 10 s; 0 = off),
 *   INTERCOM_SANDBOX_INDEX_DELAY_SECONDS (180: how long search lags behind writes; sandbox/intercom/README.md)
 *   RF_SANDBOX_PORT (4020), RF_SANDBOX_API_KEY (rf_test_key), RF_SANDBOX_RATE_PER_MINUTE (600; 0 = off),
 *   RF_SANDBOX_REFERRERS (0: other referrers already in the campaign),
 *   RF_SANDBOX_EXISTING_REFERRERS (20: that many Intercom contacts are already referrers with referrals)
 */
const int = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const EnvSchema = z.object({
  SANDBOX_HOST: z.string().default('127.0.0.1'),
  SANDBOX_SEED: int(1),
  SANDBOX_LATENCY_MS: int(0),
  INTERCOM_SANDBOX_PORT: int(4010),
  SANDBOX_CONTACTS: int(200),
  SANDBOX_SEGMENTS: int(25),
  SANDBOX_CUSTOM_ATTRIBUTES: int(30),
  INTERCOM_SANDBOX_RATE_PER_WINDOW: int(1666),
  INTERCOM_SANDBOX_INDEX_DELAY_SECONDS: int(180),
  RF_SANDBOX_PORT: int(4020),
  RF_SANDBOX_API_KEY: z.string().min(1).default('rf_test_key'),
  RF_SANDBOX_RATE_PER_MINUTE: int(600),
  RF_SANDBOX_REFERRERS: int(0),
  RF_SANDBOX_EXISTING_REFERRERS: int(20),
});
export type SandboxEnv = z.infer<typeof EnvSchema>;

export function parseSandboxEnv(env: Record<string, string | undefined>): SandboxEnv {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid sandbox settings: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}

/** Emails of the first `n` Intercom contacts that have one, read through the stand-in's REST API. */
async function intercomEmails(intercom: IntercomSandbox, n: number): Promise<string[]> {
  const emails: string[] = [];
  let cursor: string | undefined;
  while (emails.length < n) {
    const url = new URL('/contacts', intercom.url);
    url.searchParams.set('per_page', '150');
    if (cursor) url.searchParams.set('starting_after', cursor);
    const res = await fetch(url, { headers: { authorization: `Bearer ${intercom.accessToken}`, 'intercom-version': '2.14', accept: 'application/json' } });
    if (!res.ok) throw new Error(`Intercom stand-in answered ${res.status} to GET /contacts`);
    const page = z
      .object({ data: z.array(z.object({ email: z.string().nullish() }).loose()), pages: z.object({ next: z.object({ starting_after: z.string() }).loose().nullish() }).loose().nullish() })
      .loose()
      .parse(await res.json());
    // Contacts may share an email (as in real workspaces): one referrer per email.
    for (const c of page.data) if (c.email?.trim() && emails.length < n && !emails.includes(c.email.trim())) emails.push(c.email.trim());
    cursor = page.pages?.next?.starting_after;
    if (!cursor) break;
  }
  return emails;
}

export interface StartedSandboxes {
  intercom: IntercomSandbox;
  referralFactory: ReferralFactorySandbox;
  close(): Promise<void>;
}

/** `clientSecret`: the app's, so that the Intercom stand-in signs its webhooks as Intercom would for that app. */
export async function startSandboxesFromEnv(env: Record<string, string | undefined>, o: { clientSecret?: string } = {}): Promise<StartedSandboxes> {
  const e = parseSandboxEnv(env);
  const intercom = await startIntercomSandbox({
    ...(o.clientSecret ? { clientSecret: o.clientSecret } : {}),
    seed: { contacts: e.SANDBOX_CONTACTS, segments: e.SANDBOX_SEGMENTS, customAttributes: e.SANDBOX_CUSTOM_ATTRIBUTES, prng: e.SANDBOX_SEED },
    rateLimitPerWindow: e.INTERCOM_SANDBOX_RATE_PER_WINDOW,
    behaviour: { searchIndexDelaySeconds: e.INTERCOM_SANDBOX_INDEX_DELAY_SECONDS },
    latencyMs: e.SANDBOX_LATENCY_MS,
    host: e.SANDBOX_HOST,
    port: e.INTERCOM_SANDBOX_PORT,
  });
  try {
    const referralFactory = await startReferralFactorySandbox({
      seed: { prng: e.SANDBOX_SEED, referrers: e.RF_SANDBOX_REFERRERS, referrerEmails: await intercomEmails(intercom, e.RF_SANDBOX_EXISTING_REFERRERS) },
      apiKeys: [e.RF_SANDBOX_API_KEY],
      ratePerMinute: e.RF_SANDBOX_RATE_PER_MINUTE,
      latencyMs: e.SANDBOX_LATENCY_MS,
      host: e.SANDBOX_HOST,
      port: e.RF_SANDBOX_PORT,
    });
    return { intercom, referralFactory, close: async () => void (await Promise.all([intercom.close(), referralFactory.close()])) };
  } catch (err) {
    await intercom.close();
    throw err;
  }
}

async function main(): Promise<void> {
  const s = await startSandboxesFromEnv(process.env);
  const { intercom: ic, referralFactory: rf } = s;
  // These are sandbox credentials, printed on purpose so a person can configure the app with them.
  console.log(
    [
      'Sandboxes running (Ctrl-C to stop)',
      `Intercom API        ${ic.url}   (INTERCOM_API_BASE_URL)`,
      `  OAuth authorize   ${ic.url}/oauth   (INTERCOM_OAUTH_URL)`,
      `  access token      ${ic.accessToken}   (INTERCOM_ACCESS_TOKEN, private-app mode)`,
      `  workspace         ${ic.workspaceId}`,
      `  control           ${ic.url}/_sandbox/`,
      `Referral Factory    ${rf.baseUrl}   (RF_API_BASE_URL)`,
      `  API key           ${rf.apiKey}`,
      `  control           ${rf.url}/_sandbox/stats`,
    ].join('\n'),
  );
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing sandboxes`);
    s.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
