import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Clock } from '../sync/ports.js';
import type { UsedTokenRepository } from './repositories.js';

// Our own short-lived JWTs (HS256, APP_SIGNING_SECRET): the OAuth `state` and the Referral Factory
// setup link (single-use: used ids are recorded until they expire), and the read-only link to a
// run's error list (not used up; it grants reading that one run's issues until it expires).

const ISSUER = 'rf-intercom-app';
export const TOKEN_TTL_SECONDS = 600;

const PURPOSE_CLAIMS = {
  oauth_state: z.object({}),
  rf_setup: z.object({ ws: z.string().min(1), adm: z.string().min(1) }),
  /** Reads one run's failed and skipped contacts (never used up: the link is opened, then the CSV). */
  run_errors: z.object({ ws: z.string().min(1), adm: z.string().min(1), run: z.string().min(1) }),
  /** The page that shows an app admin the workspace's RF webhook URLs. */
  rf_webhook_page: z.object({ ws: z.string().min(1), adm: z.string().min(1) }),
} as const;

/** How long a run's error list link works: long enough to open it and download the CSV, short enough to be worthless later. */
export const RUN_ERRORS_LINK_SECONDS = 30 * 60;
export type TokenPurpose = keyof typeof PURPOSE_CLAIMS;
export type TokenClaims<P extends TokenPurpose> = z.infer<(typeof PURPOSE_CLAIMS)[P]>;

export type VerifiedToken<P extends TokenPurpose> = { claims: TokenClaims<P>; jti: string; exp: number };
export type TokenCheck<P extends TokenPurpose> =
  | { ok: true; token: VerifiedToken<P> }
  | { ok: false; reason: 'expired' | 'invalid' | 'used' };

const RegisteredSchema = z.object({ jti: z.string().min(1), exp: z.number().int() });

export function createSignedTokens(deps: { secret: string; usedTokens: UsedTokenRepository; clock: Clock }) {
  const nowSeconds = () => Math.floor(deps.clock.now() / 1000);

  function issue<P extends TokenPurpose>(purpose: P, claims: TokenClaims<P>, ttlSeconds = TOKEN_TTL_SECONDS): string {
    const iat = nowSeconds();
    return jwt.sign({ ...claims, iat, exp: iat + ttlSeconds }, deps.secret, {
      algorithm: 'HS256', audience: purpose, issuer: ISSUER, jwtid: randomUUID(),
    });
  }

  /** Signature, purpose, expiry, and not used yet. Does not consume it. */
  async function check<P extends TokenPurpose>(purpose: P, token: string | undefined): Promise<TokenCheck<P>> {
    if (!token || token.length > 2000) return { ok: false, reason: 'invalid' };
    let payload: unknown;
    try {
      payload = jwt.verify(token, deps.secret, {
        algorithms: ['HS256'], audience: purpose, issuer: ISSUER, clockTimestamp: nowSeconds(),
      });
    } catch (err) {
      return { ok: false, reason: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
    }
    const reg = RegisteredSchema.safeParse(payload);
    const claims = PURPOSE_CLAIMS[purpose].safeParse(payload);
    if (!reg.success || !claims.success) return { ok: false, reason: 'invalid' };
    if (await deps.usedTokens.isUsed(reg.data.jti)) return { ok: false, reason: 'used' };
    return { ok: true, token: { claims: claims.data as TokenClaims<P>, jti: reg.data.jti, exp: reg.data.exp } };
  }

  /** Marks the token used; false when it already was (a concurrent replay). */
  function consume(token: { jti: string; exp: number }): Promise<boolean> {
    return deps.usedTokens.markUsed(token.jti, token.exp, nowSeconds());
  }

  return { issue, check, consume };
}

export type SignedTokens = ReturnType<typeof createSignedTokens>;
