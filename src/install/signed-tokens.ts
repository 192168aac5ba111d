import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Store } from '../store/store.js';
import type { Clock } from '../sync/ports.js';

// Our own short-lived, single-use JWTs (HS256, APP_SIGNING_SECRET): the OAuth `state` and the
// Referral Factory setup link. Used ids go to `usedTokens` until they expire.

const ISSUER = 'rf-intercom-app';
export const TOKEN_TTL_SECONDS = 600;

const PURPOSE_CLAIMS = {
  oauth_state: z.object({}),
  rf_setup: z.object({ ws: z.string().min(1), adm: z.string().min(1) }),
} as const;
export type TokenPurpose = keyof typeof PURPOSE_CLAIMS;
export type TokenClaims<P extends TokenPurpose> = z.infer<(typeof PURPOSE_CLAIMS)[P]>;

export type VerifiedToken<P extends TokenPurpose> = { claims: TokenClaims<P>; jti: string; exp: number };
export type TokenCheck<P extends TokenPurpose> =
  | { ok: true; token: VerifiedToken<P> }
  | { ok: false; reason: 'expired' | 'invalid' | 'used' };

const RegisteredSchema = z.object({ jti: z.string().min(1), exp: z.number().int() });

export function createSignedTokens(deps: { secret: string; store: Store; clock: Clock }) {
  const nowSeconds = () => Math.floor(deps.clock.now() / 1000);

  function issue<P extends TokenPurpose>(purpose: P, claims: TokenClaims<P>, ttlSeconds = TOKEN_TTL_SECONDS): string {
    const iat = nowSeconds();
    return jwt.sign({ ...claims, iat, exp: iat + ttlSeconds }, deps.secret, {
      algorithm: 'HS256', audience: purpose, issuer: ISSUER, jwtid: randomUUID(),
    });
  }

  /** Signature, purpose, expiry, and not used yet. Does not consume it. */
  function check<P extends TokenPurpose>(purpose: P, token: string | undefined): TokenCheck<P> {
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
    if (Object.hasOwn(deps.store.read().usedTokens, reg.data.jti)) return { ok: false, reason: 'used' };
    return { ok: true, token: { claims: claims.data as TokenClaims<P>, jti: reg.data.jti, exp: reg.data.exp } };
  }

  /** Marks the token used; false when it already was (a concurrent replay). */
  async function consume(token: { jti: string; exp: number }): Promise<boolean> {
    let fresh = false;
    const now = nowSeconds();
    await deps.store.update((db) => {
      for (const [jti, exp] of Object.entries(db.usedTokens)) if (exp < now) delete db.usedTokens[jti];
      if (Object.hasOwn(db.usedTokens, token.jti)) return;
      db.usedTokens[token.jti] = token.exp;
      fresh = true;
    });
    return fresh;
  }

  return { issue, check, consume };
}

export type SignedTokens = ReturnType<typeof createSignedTokens>;
