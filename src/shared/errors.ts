/** Stable error codes: the only strings callers may branch on. */
export type ErrorCode =
  | 'config_invalid'
  | 'store_corrupt'
  | 'store_unavailable'
  /** Another process holds the data file (one writer per file). */
  | 'store_locked'
  /** A change could not be made durable: it was not applied. */
  | 'store_write_failed'
  /** Redis (the job queue of the distributed mode) does not answer at start-up. */
  | 'queue_unavailable'
  | 'signature_invalid'
  | 'payload_invalid'
  | 'stored_data_invalid'
  | 'not_installed'
  | 'installation_disconnected'
  | 'rf_not_connected'
  | 'forbidden'
  | 'token_invalid'
  | 'secret_unreadable'
  | 'upstream_auth_failed'
  /** The token works but lacks a permission (OAuth scope) the call needs: a reinstall grants it. */
  | 'upstream_permission_missing'
  /** Intercom refused with a 403 that is not a missing permission (e.g. the plan lacks API access): the token stands. */
  | 'upstream_forbidden'
  | 'upstream_rejected'
  | 'upstream_not_found'
  | 'upstream_rate_limited'
  | 'upstream_unavailable'
  | 'upstream_invalid_response'
  | 'mapping_invalid'
  | 'sync_busy'
  | 'not_found'
  | 'internal';

export interface AppErrorExtra {
  retryable?: boolean;
  status?: number;
  cause?: unknown;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: AppErrorExtra = {},
  ) {
    super(message, { cause: extra.cause });
  }

  get retryable(): boolean {
    return this.extra.retryable ?? false;
  }

  get status(): number | undefined {
    return this.extra.status;
  }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('internal', message, { cause: err });
}

export const isAppError = (err: unknown, code?: ErrorCode): err is AppError =>
  err instanceof AppError && (code === undefined || err.code === code);
