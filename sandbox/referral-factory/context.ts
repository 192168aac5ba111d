import type { Prng } from '../shared/prng.js';
import type { CallLog } from './call-log.js';
import type { Directory } from './directory.js';
import type { Faults } from './faults.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Counters } from './stats.js';
import type { Webhooks } from './webhooks.js';
import type { RfErrorBody } from './wire.js';

/** Everything the routes and the control share. */
export interface SandboxContext {
  dir: Directory;
  prng: Prng;
  now: () => number;
  /** Root URL users' links point to; set once the server listens. */
  publicUrl: string;
  apiKeys: string[];
  limiter: RateLimiter;
  /** Every call's arrival per key (control: callLog). */
  calls: CallLog;
  faults: Faults;
  counters: Counters;
  latencyMs: number;
  webhooks: Webhooks;
}

/** What an API handler sees: a parsed request, no Express. */
export interface ApiRequest {
  method: string;
  params: { identifier?: string };
  query: Record<string, string>;
  body: Record<string, unknown>;
  ip: string;
  /** Absolute URL of this path (no query): the `meta.path` of a page. */
  path: string;
  /** The same request's URL on page n. */
  pageUrl(n: number): string;
}

export interface ApiResult {
  status: number;
  body: unknown;
}

export type ApiHandler = (ctx: SandboxContext, req: ApiRequest) => ApiResult;

export const fail = (status: number, body: RfErrorBody): ApiResult => ({ status, body });
