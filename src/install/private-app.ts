import { AppError, isAppError } from '../shared/errors.js';
import type { AppLogger } from '../shared/logger.js';
import type { ReferralDirectory } from '../sync/ports.js';
import type { Installation } from './installation.js';
import type { IntercomAuth } from './intercom-auth.js';
import type { Installations } from './installations.js';

/**
 * Private-app mode (INTERCOM_ACCESS_TOKEN): the app belongs to one workspace and has its own
 * token, so there is no OAuth. At start-up, /me names the workspace; its installation is
 * created or its token refreshed (admins, settings and RF connection are kept).
 */
export async function ensurePrivateInstallation(accessToken: string, deps: { auth: IntercomAuth; installations: Installations }): Promise<Installation> {
  const me = await deps.auth.identify(accessToken);
  return deps.installations.install({ ...me, accessToken, mode: 'private' });
}

/**
 * RF_API_KEY (private-app mode): the operator's Referral Factory key, checked with RF and sealed
 * into the store like a key typed on the setup page, so a first sync can be scripted. The same key
 * again changes nothing. A key RF refuses stops start-up (named, never shown).
 */
export async function connectReferralFactoryFromEnvironment(
  workspaceId: string,
  apiKey: string,
  deps: { installations: Installations; referralFactoryWithKey(apiKey: string): ReferralDirectory; logger: AppLogger },
): Promise<'connected' | 'unchanged'> {
  const current = await deps.installations.rfApiKey(workspaceId).catch(() => undefined);
  if (current === apiKey) return 'unchanged';
  try {
    await deps.referralFactoryWithKey(apiKey).listCampaigns();
  } catch (err) {
    if (isAppError(err, 'upstream_auth_failed')) {
      throw new AppError('config_invalid', 'RF_API_KEY: Referral Factory refused this key (it is under Campaign Settings › Integrations and API › API & Webhooks)');
    }
    deps.logger.warn({ workspaceId, code: isAppError(err) ? err.code : 'internal' }, 'RF_API_KEY could not be checked (Referral Factory did not answer): stored unchecked');
  }
  await deps.installations.connectReferralFactory(workspaceId, apiKey, null);
  deps.logger.info({ workspaceId }, 'Referral Factory connected from RF_API_KEY');
  return 'connected';
}
