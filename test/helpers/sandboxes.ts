import { startIntercomSandbox, type IntercomSandbox, type IntercomSandboxOptions } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox, type ReferralFactorySandbox, type ReferralFactorySandboxOptions } from '../../sandbox/referral-factory/index.js';

/** The client id and secret the test env (helpers/env.ts) registers with the Intercom stand-in. */
export const TEST_CLIENT = { clientId: 'sandbox-client-id', clientSecret: 'sandbox-client-secret' } as const;

export interface Sandboxes {
  intercom: IntercomSandbox;
  rf: ReferralFactorySandbox;
  close(): Promise<void>;
}

/** Both stand-ins on 127.0.0.1, small seeds, no rate limits unless asked. */
export async function startSandboxes(o: { intercom?: IntercomSandboxOptions; rf?: ReferralFactorySandboxOptions } = {}): Promise<Sandboxes> {
  const intercom = await startIntercomSandbox({ ...TEST_CLIENT, seed: { contacts: 20, segments: 3, customAttributes: 5 }, rateLimitPerWindow: 0, ...o.intercom });
  try {
    const rf = await startReferralFactorySandbox({ ratePerMinute: 0, ...o.rf });
    return { intercom, rf, close: async () => void (await Promise.all([intercom.close(), rf.close()])) };
  } catch (err) {
    await intercom.close();
    throw err;
  }
}
