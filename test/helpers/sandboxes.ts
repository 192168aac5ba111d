import { startIntercomSandbox, type IntercomSandbox, type IntercomSandboxOptions } from '../../sandbox/intercom/index.js';
import type { AppDeps } from '../../src/app-deps.js';
import type { Installation } from '../../src/install/installation.js';
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

/**
 * Installs the Intercom stand-in's workspace in the app with the stand-in's token (the admin
 * behind it becomes the first app admin) and, unless told not to, connects RF with its key.
 */
export async function installFromSandboxes(deps: AppDeps, sb: Sandboxes, o: { connectRf?: boolean } = {}): Promise<Installation> {
  const me = await deps.intercomAuth.identify(sb.intercom.accessToken);
  await deps.installations.install({ ...me, accessToken: sb.intercom.accessToken, mode: 'oauth' });
  if (o.connectRf ?? true) await deps.installations.connectReferralFactory(me.workspaceId, sb.rf.apiKey, me.adminId);
  return (await deps.installations.get(me.workspaceId))!;
}
