import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import { UpstreamError } from './upstream-error.js';

export interface RetryPolicy {
  retries: number;
  /** First backoff; doubles each attempt, randomised ×1–2 (jitter). */
  minDelayMs: number;
  maxDelayMs: number;
  /** Cap on a vendor-requested wait (`Retry-After`). */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 4, minDelayMs: 300, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

/**
 * Runs `attempt` again while it fails with a retryable UpstreamError (408, 429, 5xx, network,
 * timeout), with exponential backoff and jitter; a vendor's `Retry-After` is waited out first.
 * Anything else fails at once. `shouldRetry` narrows that (e.g. when an SDK already retried statuses).
 */
export const isRetryable = (error: Error): boolean => error instanceof UpstreamError && error.retryable;

export function withRetries<T>(
  attempt: () => Promise<T>,
  policy: Partial<RetryPolicy> = {},
  shouldRetry: (error: Error) => boolean = isRetryable,
): Promise<T> {
  const p = { ...defaultRetryPolicy, ...policy };
  return pRetry(attempt, {
    retries: p.retries,
    minTimeout: p.minDelayMs,
    maxTimeout: p.maxDelayMs,
    factor: 2,
    randomize: true,
    shouldRetry: ({ error }) => shouldRetry(error),
    onFailedAttempt: async ({ error, retriesLeft }) => {
      if (retriesLeft > 0 && error instanceof UpstreamError && shouldRetry(error) && error.retryAfterMs) {
        await sleep(Math.min(error.retryAfterMs, p.maxRetryAfterMs));
      }
    },
  });
}
