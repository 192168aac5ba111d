import { IntercomError, IntercomTimeoutError } from 'intercom-client';
import { errorForNoAnswer, errorForStatus, redact, UpstreamError } from '../shared/upstream-error.js';
import { ErrorListWire } from './schemas.js';

const SERVICE = 'Intercom';

/**
 * A token that works but lacks the permission a call needs: 401 `token_unauthorized` "Not authorized
 * to access resource" (intercom/intercom-php #189, #257; intercom/intercom-ruby #323, #364), or 403
 * `action_forbidden`. Not a revoked token (`unauthorized`, `token_revoked`, `token_not_found`, …):
 * the installation stays, and a reinstall that grants the permission fixes it.
 */
const PERMISSION_CODES = new Set(['token_unauthorized', 'action_forbidden']);

/** The permission a refusal names, if its body does (`required_permissions` on newer errors), else the call's. */
function missingPermission(errors: ReadonlyArray<Record<string, unknown>>, callNeeds: string | undefined): string | undefined {
  for (const e of errors) {
    const named = (e.data as { required_permissions?: unknown } | undefined)?.required_permissions ?? e.required_permissions;
    if (Array.isArray(named) && named.length > 0 && named.every((p) => typeof p === 'string')) return named.join('” and “');
  }
  return callNeeds;
}

/**
 * Turns what the SDK throws into the coded errors of the ports (src/sync/ports.ts).
 * Statuses arrive after the SDK's own retries; no answer at all (timeout, network) is retryable here.
 * `permission`: what the call needs, by the name Intercom's install screen shows (app-manifest.json).
 */
export function toUpstreamError(err: unknown, secrets: readonly string[], permission?: string): unknown {
  if (err instanceof UpstreamError) return err;
  if (err instanceof IntercomTimeoutError) return errorForNoAnswer(SERVICE, Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
  if (!(err instanceof IntercomError)) return err;
  if (err.statusCode === undefined) return errorForNoAnswer(SERVICE, new Error(redact(err.message, secrets)));
  const body = ErrorListWire.safeParse(err.body);
  const errors = body.success ? (body.data.errors ?? []) : [];
  if ((err.statusCode === 401 || err.statusCode === 403) && errors.some((e) => PERMISSION_CODES.has(e.code))) {
    const named = missingPermission(errors, permission);
    const what = named ? `the app lacks the “${named}” permission` : 'the app lacks a permission this needs';
    return new UpstreamError('upstream_permission_missing', `Intercom refused: ${what}. An app admin must reinstall the app to grant it.`, { status: err.statusCode });
  }
  if (err.statusCode === 403) return forbidden(errors);
  const first = errors[0];
  const detail = first ? `${first.code}${first.message ? ` (${first.message})` : ''}` : '';
  const requestId = body.success && body.data.request_id ? `; request ${body.data.request_id}` : '';
  return errorForStatus(SERVICE, err.statusCode, redact(`${detail}${requestId}`.slice(0, 500), secrets));
}

/**
 * Any other 403 refuses the request, not the token: `api_plan_restricted` ("not available on this
 * App's Plan or workspace"), `forbidden` ("the request is not allowed";
 * https://developers.intercom.com/docs/references/rest-api/errors/error-codes). The run stops with
 * the reason; the installation stays connected.
 */
function forbidden(errors: ReadonlyArray<{ code: string; message?: string | null | undefined }>): UpstreamError {
  const code = errors[0]?.code ?? 'forbidden';
  const what =
    code === 'api_plan_restricted'
      ? 'the API or this feature is not available on the workspace’s Intercom plan (api_plan_restricted). The workspace’s plan must include it'
      : `the request is not allowed (403 ${code})`;
  return new UpstreamError('upstream_forbidden', `Intercom refused: ${what}.`, { status: 403 });
}

/** Only calls that got no answer are retried here: the SDK already retried 408, 429 and 5xx. */
export const noAnswer = (e: Error): boolean => e instanceof UpstreamError && e.retryable && e.status === undefined;
