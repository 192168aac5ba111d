import { isAppError } from '../shared/errors.js';
import type { Installations } from './installations.js';
import type { SignedTokens, VerifiedToken } from './signed-tokens.js';
import type { ReferralDirectory } from '../sync/ports.js';
import type { AppLogger } from '../shared/logger.js';

// Connecting Referral Factory through the signed setup link: the link names the workspace and
// the app admin, lasts 10 minutes and works once (spent only when a key is stored).

export type SetupRefusal = 'link_invalid' | 'link_expired' | 'link_used' | 'not_allowed' | 'key_refused' | 'rf_unavailable';
export type SetupLink = { ok: true; token: VerifiedToken<'rf_setup'> } | { ok: false; reason: SetupRefusal };

interface ConnectDeps {
  tokens: SignedTokens;
  installations: Installations;
  referralFactoryWithKey(apiKey: string): ReferralDirectory;
  logger: AppLogger;
}

export async function checkSetupLink(deps: Pick<ConnectDeps, 'tokens' | 'installations'>, token: string | undefined): Promise<SetupLink> {
  const checked = await deps.tokens.check('rf_setup', token);
  if (!checked.ok) return { ok: false, reason: checked.reason === 'used' ? 'link_used' : checked.reason === 'expired' ? 'link_expired' : 'link_invalid' };
  const { ws, adm } = checked.token.claims;
  const inst = await deps.installations.get(ws);
  if (!inst || inst.status !== 'active' || !inst.appAdmins.includes(adm)) return { ok: false, reason: 'not_allowed' };
  return { ok: true, token: checked.token };
}

export async function connectWithKey(deps: ConnectDeps, token: string, apiKey: string): Promise<{ ok: true } | { ok: false; reason: SetupRefusal }> {
  const link = await checkSetupLink(deps, token);
  if (!link.ok) return link;
  const { ws, adm } = link.token.claims;
  try {
    await deps.referralFactoryWithKey(apiKey).listCampaigns();
  } catch (err) {
    const refused = isAppError(err, 'upstream_auth_failed');
    deps.logger.warn({ workspaceId: ws, code: isAppError(err) ? err.code : 'internal' }, 'RF key check failed');
    return { ok: false, reason: refused ? 'key_refused' : 'rf_unavailable' };
  }
  if (!(await deps.tokens.consume(link.token))) return { ok: false, reason: 'link_used' };
  await deps.installations.connectReferralFactory(ws, apiKey, adm);
  deps.logger.info({ workspaceId: ws, adminId: adm }, 'Referral Factory connected');
  return { ok: true };
}
