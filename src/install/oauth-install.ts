import { createHmac, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { isAppError } from '../shared/errors.js';
import type { Installation } from './installation.js';
import type { IntercomAuth } from './intercom-auth.js';
import type { Installations } from './installations.js';
import { TOKEN_TTL_SECONDS, type SignedTokens } from './signed-tokens.js';

// Install over OAuth (reference/intercom-api.md §7): /install → Intercom's authorize page →
// /oauth/callback?code&state. Nothing is stored until the token and the workspace are known: a
// cancelled, forged or refused callback leaves the data file as it was, so strangers cannot grow it.
//
// The signed single-use `state` is also bound to the browser that started (RFC 6749 §10.12,
// RFC 9700 §4.7.1): /install sets a cookie holding an HMAC of the state's id, and the callback
// must bring it back. A state minted by someone else, or sent to a victim's browser, is refused.

export interface OAuthSettings {
  oauthUrl: string;
  clientId: string;
  redirectUri: string;
}

/** The binding cookie: sent only to the callback, for as long as the state lasts. */
export const STATE_COOKIE = { name: 'rf_oauth_state', path: '/oauth/callback', maxAgeSeconds: TOKEN_TTL_SECONDS } as const;

/** HMAC of the state's id under a key of its own, derived from APP_SIGNING_SECRET. */
export function browserBinding(signingSecret: string, stateId: string): string {
  const key = createHmac('sha256', signingSecret).update('oauth-state-browser-binding/v1').digest();
  return createHmac('sha256', key).update(stateId).digest('base64url');
}

const sameValue = (a: string, b: string | undefined): boolean =>
  b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface InstallStart {
  url: string;
  /** The value of the binding cookie for this browser. */
  binding: string;
}

export function startInstall(s: OAuthSettings, tokens: SignedTokens, signingSecret: string): InstallStart {
  const state = tokens.issue('oauth_state', {});
  const { jti } = jwt.decode(state) as { jti: string };
  const url = new URL(s.oauthUrl);
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('state', state);
  url.searchParams.set('redirect_uri', s.redirectUri);
  return { url: url.toString(), binding: browserBinding(signingSecret, jti) };
}

export type InstallFailure =
  | 'denied' | 'state_invalid' | 'state_expired' | 'state_used' | 'other_browser' | 'code_refused' | 'intercom_failed' | 'not_saved';
export type InstallOutcome = { ok: true; installation: Installation } | { ok: false; reason: InstallFailure; error?: unknown };

export interface CallbackInput {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  /** The binding cookie the browser sent. */
  binding?: string | undefined;
}

export async function completeInstall(
  input: CallbackInput,
  deps: { tokens: SignedTokens; auth: IntercomAuth; installations: Installations; signingSecret: string },
): Promise<InstallOutcome> {
  const state = await deps.tokens.check('oauth_state', input.state);
  if (!state.ok) return { ok: false, reason: state.reason === 'used' ? 'state_used' : state.reason === 'expired' ? 'state_expired' : 'state_invalid' };
  // Another browser's callback never reaches Intercom.
  if (!sameValue(browserBinding(deps.signingSecret, state.token.jti), input.binding)) return { ok: false, reason: 'other_browser' };
  if (input.error || !input.code) return { ok: false, reason: 'denied' };
  let accessToken: string;
  let me: Awaited<ReturnType<IntercomAuth['identify']>>;
  try {
    accessToken = await deps.auth.exchangeCode(input.code);
    me = await deps.auth.identify(accessToken);
  } catch (err) {
    return { ok: false, reason: isAppError(err, 'upstream_auth_failed') ? 'code_refused' : 'intercom_failed' };
  }
  // Spent only now that Intercom has vouched for the code (codes are single-use there too): the
  // store grows only with real installs, and a concurrent replay still loses here.
  if (!(await deps.tokens.consume(state.token))) return { ok: false, reason: 'state_used' };
  try {
    return { ok: true, installation: await deps.installations.install({ ...me, accessToken, mode: 'oauth' }) };
  } catch (err) {
    return { ok: false, reason: 'not_saved', error: err };
  }
}
