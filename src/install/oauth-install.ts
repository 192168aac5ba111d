import { isAppError } from '../shared/errors.js';
import type { Installation } from './installation.js';
import type { IntercomAuth } from './intercom-auth.js';
import type { Installations } from './installations.js';
import type { SignedTokens } from './signed-tokens.js';

// Install over OAuth (reference/intercom-api.md §7): /install → Intercom's authorize page →
// /oauth/callback?code&state. Nothing is stored until the token and the workspace are known.

export interface OAuthSettings {
  oauthUrl: string;
  clientId: string;
  redirectUri: string;
}

export function authorizeUrl(s: OAuthSettings, tokens: SignedTokens): string {
  const url = new URL(s.oauthUrl);
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('state', tokens.issue('oauth_state', {}));
  url.searchParams.set('redirect_uri', s.redirectUri);
  return url.toString();
}

export type InstallFailure = 'denied' | 'state_invalid' | 'state_expired' | 'state_used' | 'code_refused' | 'intercom_failed';
export type InstallOutcome = { ok: true; installation: Installation } | { ok: false; reason: InstallFailure };

export interface CallbackInput {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
}

export async function completeInstall(
  input: CallbackInput,
  deps: { tokens: SignedTokens; auth: IntercomAuth; installations: Installations },
): Promise<InstallOutcome> {
  const state = await deps.tokens.check('oauth_state', input.state);
  if (!state.ok) return { ok: false, reason: state.reason === 'used' ? 'state_used' : state.reason === 'expired' ? 'state_expired' : 'state_invalid' };
  // Spent before the exchange: a replayed callback never reaches Intercom.
  if (!(await deps.tokens.consume(state.token))) return { ok: false, reason: 'state_used' };
  if (input.error || !input.code) return { ok: false, reason: 'denied' };
  try {
    const accessToken = await deps.auth.exchangeCode(input.code);
    const me = await deps.auth.identify(accessToken);
    const installation = await deps.installations.install({ ...me, accessToken, mode: 'oauth' });
    return { ok: true, installation };
  } catch (err) {
    return { ok: false, reason: isAppError(err, 'upstream_auth_failed') ? 'code_refused' : 'intercom_failed' };
  }
}
