import { AppError, isAppError } from '../shared/errors.js';
import type { ReferralDirectory } from '../sync/ports.js';

/** The URL as it may be printed: no user, password or query (a key put there by mistake stays unsaid). */
function shown(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'the given URL';
  }
}

/**
 * One call before the run: RF's base URL without /api/v2 answers 404 on every route, which the
 * run would report as a missing campaign or a bare "answered 404" (issue #13 replay). Only a 404
 * is said here; any other failure (a refused key, an outage) is left to the run, which names it.
 */
export async function checkRfUrl(referrals: Pick<ReferralDirectory, 'listCampaigns'>, rfUrl: string): Promise<void> {
  try {
    await referrals.listCampaigns();
  } catch (err) {
    if (!isAppError(err, 'upstream_not_found')) return;
    throw new AppError('upstream_not_found',
      `Referral Factory answered 404 at ${shown(rfUrl)}: check --rf-url, which ends with /api/v2 (e.g. https://referral-factory.com/api/v2). The app reads the same from RF_API_BASE_URL.`);
  }
}
