import { IntercomClient, IntercomError, IntercomTimeoutError } from 'intercom-client';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { RegionSchema, type Region } from './installation.js';

// OAuth code exchange and "who am I" (reference/intercom-api.md §7). The SDK has no OAuth helper,
// so the exchange is a plain fetch; /me goes through the official SDK like every other call.

export interface WhoAmI {
  workspaceId: string;
  region: Region;
  adminId: string;
}

export interface IntercomAuth {
  /** POST /auth/eagle/token. Throws upstream_auth_failed for a refused code. */
  exchangeCode(code: string): Promise<string>;
  /** GET /me with the token. Throws upstream_auth_failed for a refused token. */
  identify(token: string): Promise<WhoAmI>;
}

const TokenResponse = z.looseObject({ access_token: z.string().min(1).optional(), token: z.string().min(1).optional() });
const MeResponse = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  app: z.looseObject({
    id_code: z.string().min(1),
    region: z.string().nullish().transform((r) => RegionSchema.catch('US').parse((r ?? 'US').toUpperCase())),
  }),
});

export interface IntercomAuthOptions {
  /** Where /auth/eagle/token and /me are called before the workspace's region is known. */
  apiBaseUrl: string;
  clientId: string | undefined;
  clientSecret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createIntercomAuth(opts: IntercomAuthOptions): IntercomAuth {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const doFetch = opts.fetch ?? globalThis.fetch;
  return {
    async exchangeCode(code) {
      let res: Response;
      try {
        res = await doFetch(`${opts.apiBaseUrl}/auth/eagle/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ code, client_id: opts.clientId, client_secret: opts.clientSecret }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new AppError('upstream_unavailable', 'Intercom did not answer the token exchange', { cause: err, retryable: true });
      }
      if (res.status === 400 || res.status === 401 || res.status === 403) {
        throw new AppError('upstream_auth_failed', 'Intercom refused the authorization code', { status: res.status });
      }
      if (!res.ok) throw new AppError('upstream_unavailable', `Intercom answered ${res.status} to the token exchange`, { status: res.status });
      const body = TokenResponse.safeParse(await res.json().catch(() => null));
      const token = body.success ? (body.data.access_token ?? body.data.token) : undefined;
      if (!token) throw new AppError('upstream_invalid_response', 'Intercom’s token response has no token');
      return token;
    },

    async identify(token) {
      const client = new IntercomClient({ token, baseUrl: opts.apiBaseUrl, timeoutInSeconds: timeoutMs / 1000, maxRetries: 1 });
      let me: unknown;
      try {
        me = await client.admins.identify();
      } catch (err) {
        if (err instanceof IntercomError && (err.statusCode === 401 || err.statusCode === 403)) {
          throw new AppError('upstream_auth_failed', 'Intercom refused the access token', { status: err.statusCode });
        }
        const timeout = err instanceof IntercomTimeoutError;
        throw new AppError('upstream_unavailable', timeout ? 'Intercom timed out on /me' : 'Intercom failed on /me', { cause: err, retryable: true });
      }
      const parsed = MeResponse.safeParse(me);
      if (!parsed.success) throw new AppError('upstream_invalid_response', 'Intercom’s /me answer has no workspace');
      return { workspaceId: parsed.data.app.id_code, region: parsed.data.app.region, adminId: parsed.data.id };
    },
  };
}
