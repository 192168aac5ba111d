import { z } from 'zod';
import { startDemoStack } from './demo-stack.js';

/**
 * `npm run demo`: the whole app on this machine, against the stand-ins, played through the inbox
 * simulator. Settings from the environment:
 *   PORT (3000: the app), INBOX_PORT (4000: the simulator), HOST (127.0.0.1)
 *   SANDBOX_CONTACTS (2000), SANDBOX_SEGMENTS (25), SANDBOX_CUSTOM_ATTRIBUTES (30),
 *   RF_SANDBOX_EXISTING_REFERRERS (20), INTERCOM_SANDBOX_PORT (4010), RF_SANDBOX_PORT (4020), …
 *     (every setting of `npm run sandbox`, see sandbox/start.ts)
 *   DEMO_CONNECT_RF (true: Referral Factory already connected; false: connect it in the wizard)
 *   DEMO_FIRST_SYNC (true: a first sync set up and started; false: start with none, as a new install)
 *   INTERCOM_CLIENT_SECRET (generated: the secret the simulator signs canvas requests with)
 *   LOG_LEVEL, SYNC_TICK_SECONDS, … (passed on to the app)
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).default(3000),
  INBOX_PORT: z.coerce.number().int().min(0).default(4000),
  HOST: z.string().default('127.0.0.1'),
  SANDBOX_CONTACTS: z.string().default('2000'),
  DEMO_CONNECT_RF: z.enum(['true', 'false']).default('true'),
  DEMO_FIRST_SYNC: z.enum(['true', 'false']).default('true'),
});

async function main(): Promise<void> {
  const env = EnvSchema.parse(process.env);
  const stack = await startDemoStack({
    host: env.HOST,
    inboxPort: env.INBOX_PORT,
    connectReferralFactory: env.DEMO_CONNECT_RF === 'true',
    firstSync: env.DEMO_FIRST_SYNC === 'true',
    sandboxEnv: { ...process.env, SANDBOX_CONTACTS: env.SANDBOX_CONTACTS },
    appEnv: { ...process.env, PORT: String(env.PORT), HOST: env.HOST },
  });
  const { intercom, referralFactory } = stack.sandboxes;
  // Sandbox credentials only, printed on purpose so a person can look around with them.
  console.log(
    [
      '',
      `  Inbox simulator     ${stack.inboxUrl}   ← open this`,
      '',
      `  App                 ${stack.appUrl}`,
      `  Intercom stand-in   ${intercom.url}  (token ${intercom.accessToken}, workspace ${intercom.workspaceId})`,
      `  Referral Factory    ${referralFactory.url}  (API key ${referralFactory.apiKey})`,
      `  Client secret       ${stack.clientSecret}`,
      `                      (signs the simulator's canvas requests; set INTERCOM_CLIENT_SECRET to choose it)`,
      '',
      stack.firstSync
        ? `  First sync          ${stack.firstSync.segment} → ${stack.firstSync.campaign}, started (DEMO_FIRST_SYNC=false starts with none)`
        : '  First sync          none: set one up in Sync settings',
      '',
      '  Ctrl-C to stop.',
    ].join('\n'),
  );
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: stopping`);
    stack.close().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
