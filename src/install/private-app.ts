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
