export type FaultStatus = 429 | 500 | 502 | 503;

export interface FaultSpec {
  status: FaultStatus;
  count: number;
  /** Path prefix under /api/v2 (e.g. "/users"), optionally preceded by a method ("POST /users"). */
  match?: string;
}

const MESSAGES: Record<FaultStatus, string> = {
  429: 'Too Many Attempts.',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Injected failures, served in order to the requests they match, each `count` times. */
export class Faults {
  private queue: { status: FaultStatus; remaining: number; method?: string; prefix?: string }[] = [];
  injected = 0;

  add(spec: FaultSpec): void {
    const [a, b] = (spec.match ?? '').trim().split(/\s+/, 2);
    const method = b !== undefined ? a?.toUpperCase() : undefined;
    const prefix = b !== undefined ? b : a || undefined;
    this.queue.push({ status: spec.status, remaining: spec.count, ...(method ? { method } : {}), ...(prefix ? { prefix } : {}) });
  }

  clear(): void {
    this.queue = [];
  }

  pending(): number {
    return this.queue.reduce((n, f) => n + f.remaining, 0);
  }

  /** The fault to serve to this request, if any (consumes one). */
  take(method: string, path: string): { status: FaultStatus; message: string } | undefined {
    const f = this.queue.find((q) => q.remaining > 0 && (!q.method || q.method === method) && (!q.prefix || path.startsWith(q.prefix)));
    if (!f) return undefined;
    f.remaining -= 1;
    this.queue = this.queue.filter((q) => q.remaining > 0);
    this.injected += 1;
    return { status: f.status, message: MESSAGES[f.status] };
  }
}
