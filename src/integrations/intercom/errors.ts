import { IntercomError, IntercomTimeoutError } from 'intercom-client';
import { errorForNoAnswer, errorForStatus, redact, UpstreamError } from '../shared/upstream-error.js';
import { ErrorListWire } from './schemas.js';

const SERVICE = 'Intercom';

/**
 * Turns what the SDK throws into the coded errors of the ports (src/sync/ports.ts).
 * Statuses arrive after the SDK's own retries; no answer at all (timeout, network) is retryable here.
 */
export function toUpstreamError(err: unknown, secrets: readonly string[]): unknown {
  if (err instanceof UpstreamError) return err;
  if (err instanceof IntercomTimeoutError) return errorForNoAnswer(SERVICE, Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
  if (!(err instanceof IntercomError)) return err;
  if (err.statusCode === undefined) return errorForNoAnswer(SERVICE, new Error(redact(err.message, secrets)));
  const body = ErrorListWire.safeParse(err.body);
  const first = body.success ? body.data.errors?.[0] : undefined;
  const detail = first ? `${first.code}${first.message ? ` (${first.message})` : ''}` : '';
  const requestId = body.success && body.data.request_id ? `; request ${body.data.request_id}` : '';
  return errorForStatus(SERVICE, err.statusCode, redact(`${detail}${requestId}`.slice(0, 500), secrets));
}

/** Only calls that got no answer are retried here: the SDK already retried 408, 429 and 5xx. */
export const noAnswer = (e: Error): boolean => e instanceof UpstreamError && e.retryable && e.status === undefined;
