import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  connections: number;
  durationSec: number;
  method: 'POST' | 'GET';
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadSummary {
  connections: number;
  durationSec: number;
  requests: number;
  /** Mean of the per-second request counts. */
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerResponse: number;
}

/** One autocannon run (in this process; the server lives in another). */
export async function load(spec: LoadSpec): Promise<LoadSummary> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
    timeout: 10,
    requests: [{ method: spec.method, path: spec.path, headers: spec.headers, body: spec.body }],
  });
  const ok = result['2xx'];
  return {
    connections: spec.connections,
    durationSec: result.duration,
    requests: result.requests.total,
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerResponse: ok > 0 ? Math.round(result.throughput.total / Math.max(1, result.requests.total)) : 0,
  };
}
