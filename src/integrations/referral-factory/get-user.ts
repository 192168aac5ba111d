import { isAppError } from '../../shared/errors.js';
import type { RfUser, RfUserRef } from '../../sync/ports.js';
import type { createRfHttp } from './http.js';
import { one, page, RfUserWire, toRfUser } from './wire.js';

const OneUser = one(RfUserWire);
const UserPage = page(RfUserWire);
const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Any RF user with analytics. GET /users/{identifier} takes an id or a code (reference §2: the
 * docs disagree on whether it takes an email, so an email goes through POST /users/search with
 * its campaign instead). Null when RF knows none.
 */
export async function getUserOf(request: ReturnType<typeof createRfHttp>, ref: RfUserRef): Promise<RfUser | null> {
  if ('email' in ref) {
    const res = await request(
      { method: 'POST', path: '/users/search', body: { campaign_id: ref.campaignId, email: ref.email.trim(), with: 'user.analytics', per_page: 25 } },
      UserPage,
    );
    const hit = res.data.find((u) => u.campaign_id === ref.campaignId && sameEmail(u.email, ref.email));
    return hit ? toRfUser(hit) : null;
  }
  const identifier = 'id' in ref ? String(ref.id) : ref.code;
  try {
    const res = await request({ method: 'GET', path: `/users/${encodeURIComponent(identifier)}`, query: { with: 'user.analytics' } }, OneUser);
    // An id must come back as that id (a code that happens to be digits must not pass for it).
    return 'id' in ref && res.data.id !== ref.id ? null : toRfUser(res.data);
  } catch (err) {
    if (isAppError(err, 'upstream_not_found')) return null;
    throw err;
  }
}
