import { toAppError } from '../../shared/errors.js';

/** A short sentence for a teammate, from any error a use case raised. Never the raw vendor body. */
export function describeFailure(err: unknown): string {
  const e = toAppError(err);
  switch (e.code) {
    case 'upstream_auth_failed':
      return 'Referral Factory or Intercom refused the app’s credentials. An app admin should reconnect.';
    case 'upstream_rate_limited':
      return 'Too many requests right now. Try again in a minute.';
    case 'upstream_unavailable':
      return 'Referral Factory or Intercom did not answer. Try again in a moment.';
    case 'upstream_not_found':
      return 'Not found upstream: it may have been deleted.';
    case 'upstream_rejected':
      return `Refused upstream: ${e.message}`;
    case 'rf_not_connected':
      return 'Referral Factory is not connected.';
    case 'installation_disconnected':
      return 'Intercom access was revoked. An app admin must reinstall the app.';
    case 'not_installed':
      return 'The app is not installed for this workspace.';
    case 'mapping_invalid':
    case 'sync_busy':
    case 'not_found':
    case 'forbidden':
      return e.message;
    default:
      return 'Something went wrong. Try again.';
  }
}
