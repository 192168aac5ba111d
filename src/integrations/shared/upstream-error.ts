import { AppError } from '../../shared/errors.js';
import type { ErrorCode } from '../../shared/errors.js';

/** An AppError from a vendor call; `retryAfterMs` is the wait the vendor asked for, if any. */
export class UpstreamError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    extra: { status?: number; retryable?: boolean; cause?: unknown } = {},
    readonly retryAfterMs: number | null = null,
  ) {
    super(code, message, extra);
  }
}

/**
 * Maps an HTTP status to the error codes the ports promise (src/sync/ports.ts).
 * Only what can succeed later is retryable: 408, 429 and 5xx.
 */
export function errorForStatus(service: string, status: number, detail: string, retryAfterMs: number | null = null): UpstreamError {
  const what = `${service} answered ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 401 || status === 403) return new UpstreamError('upstream_auth_failed', what, { status });
  if (status === 404) return new UpstreamError('upstream_not_found', what, { status });
  if (status === 429) return new UpstreamError('upstream_rate_limited', what, { status, retryable: true }, retryAfterMs);
  if (status === 408 || status >= 500) return new UpstreamError('upstream_unavailable', what, { status, retryable: true }, retryAfterMs);
  return new UpstreamError('upstream_rejected', what, { status });
}

/** A timeout or a network failure: no answer at all, worth another try. */
export function errorForNoAnswer(service: string, err: unknown): UpstreamError {
  const name = (err as { name?: string } | null)?.name;
  const timedOut = name === 'TimeoutError' || name === 'AbortError' || /timed? ?out/i.test(String((err as Error)?.message));
  const reason = timedOut ? 'did not answer in time' : 'could not be reached';
  return new UpstreamError('upstream_unavailable', `${service} ${reason}`, { retryable: true, cause: err });
}

/** Removes secrets from text that may echo a request (vendor messages, library errors). */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join('[redacted]'), text);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
