export interface ReferralFactoryStats {
  /** Every request under /api/v2, refused ones included. */
  requests: number;
  /** Requests per route, e.g. "POST /users", "GET /users/{identifier}". */
  byRoute: Record<string, number>;
  /** Every 429 sent (rate limit and injected 429s). */
  rateLimited: number;
  /** Rate-limit episodes (see rate-limiter.ts). */
  overruns: number;
  /** API keys currently refused with 403. */
  blockedKeys: string[];
  /** Successful user creations, updates, qualifications and deletions. */
  writes: number;
  /** Injected faults served. */
  faultsInjected: number;
  /** Users in the directory. */
  users: number;
}

export class Counters {
  requests = 0;
  byRoute: Record<string, number> = {};
  writes = 0;
  injected429 = 0;

  hit(route: string): void {
    this.requests += 1;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  reset(): void {
    this.requests = 0;
    this.byRoute = {};
    this.writes = 0;
    this.injected429 = 0;
  }
}
