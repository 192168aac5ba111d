import { toAppError } from '../../shared/errors.js';

/** Which vendor a failure came from: the integrations start their messages with its name. */
function serviceOf(message: string): 'Referral Factory' | 'Intercom' | undefined {
  if (message.startsWith('Referral Factory')) return 'Referral Factory';
  if (message.startsWith('Intercom')) return 'Intercom';
  return undefined;
}

/** A short sentence for a teammate, from any error a use case raised. Never the raw vendor body. */
export function describeFailure(err: unknown): string {
  const e = toAppError(err);
  const service = serviceOf(e.message);
  switch (e.code) {
    case 'upstream_auth_failed':
      if (service === 'Referral Factory') return 'Referral Factory refused the API key. An app admin should connect it again in App settings.';
      if (service === 'Intercom') return 'Access to Intercom was revoked. An app admin must reinstall the app.';
      return 'Referral Factory or Intercom refused the app’s credentials. An app admin should reconnect.';
    case 'upstream_permission_missing':
    case 'upstream_forbidden':
      return e.message; // names the permission and the way out (integrations/intercom/errors.ts)
    case 'upstream_rate_limited':
      return `${service ?? 'The service'} is busy right now. Try again in a minute.`;
    case 'upstream_unavailable':
      return `${service ?? 'Referral Factory or Intercom'} did not answer. Try again in a moment.`;
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
    case 'store_write_failed':
      return 'Not saved: the app could not write its data. Nothing was changed; try again in a moment.';
    case 'mapping_invalid':
    case 'sync_busy':
    case 'not_found':
    case 'forbidden':
      return e.message;
    default:
      return 'Something went wrong. Try again.';
  }
}
