import { Router } from 'express';
import type { AppDeps, ReadinessProbe } from '../app-deps.js';

// Liveness and readiness for load balancers and process managers.
// /health: the process answers (no I/O; a database outage must not get every process restarted).
// /ready: the store and the queue answer within a short time; 503 otherwise (take this process out
// of rotation until they do).

export const READY_TIMEOUT_MS = 2_000;

type Outcome = { kind: string; ok: true; ms: number } | { kind: string; ok: false; error: 'timeout' | 'unavailable' };

async function probe(p: ReadinessProbe, timeoutMs: number): Promise<{ outcome: Outcome; reason?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => void (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const result = await Promise.race([p.check().then(() => 'ok' as const), timeout]);
    if (result === 'timeout') return { outcome: { kind: p.kind, ok: false, error: 'timeout' }, reason: `no answer within ${timeoutMs} ms` };
    return { outcome: { kind: p.kind, ok: true, ms: Math.round(performance.now() - started) } };
  } catch (err) {
    return { outcome: { kind: p.kind, ok: false, error: 'unavailable' }, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: Pick<AppDeps, 'probes' | 'logger'>, timeoutMs = READY_TIMEOUT_MS): Router {
  const router = Router();
  const kinds = Object.fromEntries(deps.probes.map((p) => [p.name, p.kind]));
  // Probes run every few seconds: log when a dependency goes down or comes back, not every failure.
  const down = new Set<string>();

  router.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ ok: true, ...kinds });
  });

  router.get('/ready', async (_req, res) => {
    const results = await Promise.all(deps.probes.map(async (p) => ({ name: p.name, ...(await probe(p, timeoutMs)) })));
    for (const { name, outcome, reason } of results) {
      if (!outcome.ok && !down.has(name)) {
        down.add(name);
        deps.logger.warn({ dependency: name, kind: outcome.kind, error: outcome.error, reason }, 'not ready: a dependency does not answer');
      } else if (outcome.ok && down.delete(name)) {
        deps.logger.info({ dependency: name, kind: outcome.kind }, 'ready again');
      }
    }
    const ready = results.every((r) => r.outcome.ok);
    res.status(ready ? 200 : 503).set('Cache-Control', 'no-store').json({ ready, ...Object.fromEntries(results.map((r) => [r.name, r.outcome])) });
  });
  return router;
}
