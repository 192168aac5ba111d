import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { AppLogger } from '../shared/logger.js';
import { messagePage } from './pages.js';

// Per-client-address limits on the pages anyone can open without a signature: the OAuth install
// (/install, /oauth/callback) and the Referral Factory setup page (GET and POST). Each group has
// its own budget. The client address is `req.ip`, so behind a reverse proxy TRUST_PROXY must say
// which hops to believe, or every client shares the proxy's budget.
//
// Counts live in express-rate-limit's memory store: right for one web process. Several web
// processes share one budget by passing a store made for it (e.g. `rate-limit-redis`'s
// `new RedisStore({ sendCommand, prefix: `rl:${group}:` })`) as `rateLimitStore`.

export type RateLimitGroup = 'install' | 'setup';

/** A store per group (each group counts on its own); undefined: the in-process memory store. */
export type RateLimitStoreFactory = (group: RateLimitGroup) => Store;

export interface RateLimitSettings {
  max: number;
  windowSeconds: number;
}

const TITLES: Record<RateLimitGroup, string> = { install: 'Install', setup: 'Connect Referral Factory' };

function waitText(res: Response, windowSeconds: number): string {
  const seconds = Number(res.get('retry-after')) || windowSeconds;
  const minutes = Math.ceil(seconds / 60);
  return seconds < 90 ? `${seconds} seconds` : `${minutes} minutes`;
}

const codeOf = (e: unknown): string | null => (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : null);
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 300);

export function pageRateLimit(group: RateLimitGroup, o: RateLimitSettings & { logger: AppLogger; store?: RateLimitStoreFactory | undefined }): RequestHandler {
  return rateLimit({
    windowMs: o.windowSeconds * 1000,
    limit: o.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: group,
    ...(o.store ? { store: o.store(group) } : {}),
    // Its configuration checks and store failures go to our log, one line each, without a stack.
    logger: {
      warn: (e: unknown) => o.logger.warn({ group, code: codeOf(e) }, messageOf(e)),
      error: (e: unknown, context?: unknown) => o.logger.error({ group, code: codeOf(e), context: typeof context === 'string' ? context : null }, messageOf(e)),
    },
    handler: (req: Request, res: Response) => {
      const info = (req as Request & { rateLimit?: { used: number; limit: number } }).rateLimit;
      // One line per address and window at warn; the rest of a flood at debug.
      const level = info && info.used === info.limit + 1 ? 'warn' : 'debug';
      o.logger[level]({ group, path: req.path, ip: req.ip }, 'rate limit reached');
      messagePage(res, 429, TITLES[group], `Too many requests from your network. Wait ${waitText(res, o.windowSeconds)} and try again.`);
    },
  });
}

/**
 * Per-workspace limits on the webhook endpoints (Intercom's and RF's): a minute's window keyed by
 * the workspace the request was already found to belong to (`keyOf`), never by address (the
 * senders are Intercom's and RF's servers). `onLimit` logs and answers 429.
 */
export function workspaceRateLimit(o: {
  identifier: string;
  perMinute: number;
  keyOf: (res: Response) => string;
  onLimit: (res: Response) => void;
  store?: Store | undefined;
}): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: o.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: o.identifier,
    keyGenerator: (_req, res) => o.keyOf(res),
    ...(o.store ? { store: o.store } : {}),
    validate: { ip: false, keyGeneratorIpFallback: false },
    handler: (_req, res) => o.onLimit(res),
  });
}
