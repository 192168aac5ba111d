import { startDemoStack, type DemoStack } from '../../../sandbox/demo-stack.js';

/** The demo stack, small and fast: 60 contacts, no rate limits, a 1-second scheduler tick. */
export function startSmallStack(opts: { connectReferralFactory?: boolean } = {}): Promise<DemoStack> {
  return startDemoStack({
    connectReferralFactory: opts.connectReferralFactory ?? true,
    sandboxEnv: {
      SANDBOX_CONTACTS: '60',
      SANDBOX_SEGMENTS: '25',
      SANDBOX_CUSTOM_ATTRIBUTES: '30',
      INTERCOM_SANDBOX_PORT: '0',
      INTERCOM_SANDBOX_RATE_PER_WINDOW: '0',
      RF_SANDBOX_PORT: '0',
      RF_SANDBOX_RATE_PER_MINUTE: '0',
      RF_SANDBOX_EXISTING_REFERRERS: '5',
    },
    appEnv: { PORT: '0', LOG_LEVEL: 'silent', SYNC_TICK_SECONDS: '1' },
  });
}
