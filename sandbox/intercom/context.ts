import type { Behaviour } from './behaviour.js';
import type { Admin, Workspace } from './model.js';
import type { WebhookState } from './webhooks.js';

/** 403 answers `api_plan_restricted`, the documented 403 other than a missing permission. */
export type FaultStatus = 403 | 429 | 500 | 502 | 503;
export interface FaultSpec {
  status: FaultStatus;
  count: number;
  /** Path prefix, optionally preceded by a method: "/contacts/search" or "PUT /contacts". */
  match?: string;
}

export interface IntercomStats {
  requests: number;
  byRoute: Record<string, number>;
  /** Every 429 sent, window overruns and injected ones. */
  rateLimited: number;
  /** Successful contact updates and attribute creations. */
  writes: number;
  faultsInjected: number;
}

export interface TokenGrant {
  workspaceId: string;
  adminId: string;
  /** The permissions the token was granted (scopes.ts); absent: all of them. */
  scopes?: ReadonlySet<string>;
}

/** Everything the routers share. Mutable on purpose: it is the sandbox's state. */
export interface SandboxContext {
  ws: Workspace;
  clientId: string;
  clientSecret: string;
  tokens: Map<string, TokenGrant>;
  codes: Map<string, { grant: TokenGrant; expiresAt: number; redirectUri: string }>;
  clockOffsetMs: number;
  baseNow: () => number;
  rateLimitPerWindow: number;
  /** Intercom's window is 10 s; tests scale it down. */
  windowSeconds: number;
  windows: Map<string, { start: number; used: number }>;
  latencyMs: number;
  faults: Array<FaultSpec & { remaining: number }>;
  stats: IntercomStats;
  unknownAttribute: { status: number; code: string };
  behaviour: Behaviour;
  /** Told of every page of contacts served, before it is sent (control.onPage). */
  pageListener: ((page: ServedPage) => void) | null;
  /** The app's webhook URL and what was delivered to it (webhooks.ts). */
  webhooks: WebhookState;
}

/** A page of `GET /contacts` or `POST /contacts/search` as served. */
export interface ServedPage {
  route: 'GET /contacts' | 'POST /contacts/search';
  page: number;
  ids: string[];
  totalCount: number;
}

export const nowMs = (ctx: SandboxContext): number => ctx.baseNow() + ctx.clockOffsetMs;
export const nowSeconds = (ctx: SandboxContext): number => Math.floor(nowMs(ctx) / 1000);
/** Stand-in ms before which a write is visible to search. */
export const indexCutoffMs = (ctx: SandboxContext): number => nowMs(ctx) - ctx.behaviour.searchIndexDelaySeconds * 1000;
export const defaultAdmin = (ctx: SandboxContext): Admin => ctx.ws.admins[0] as Admin;

export const emptyStats = (): IntercomStats => ({ requests: 0, byRoute: {}, rateLimited: 0, writes: 0, faultsInjected: 0 });

/** Day number of a unix time in a time zone (for day-granular date search). */
export function dayOfFactory(timezone: string): (unixSeconds: number) => number {
  if (timezone === 'UTC') return (t) => Math.floor(t / 86_400);
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const cache = new Map<number, number>();
  return (t) => {
    const hour = Math.floor(t / 3600);
    let day = cache.get(hour);
    if (day === undefined) {
      day = Math.floor(Date.parse(`${fmt.format(new Date(hour * 3_600_000))}T00:00:00Z`) / 86_400_000);
      if (cache.size > 100_000) cache.clear();
      cache.set(hour, day);
    }
    return day;
  };
}
