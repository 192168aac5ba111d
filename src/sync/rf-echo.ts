import { createHash } from 'node:crypto';
import type { RecentWrites } from './echo-guard.js';
import { emailKey } from './mapping.js';
import type { ReferralDirectory } from './ports.js';

// Referral Factory's "new referrer joins" webhook fires for the referrers the app creates too
// (reference/referral-factory.md §3). Its payload is only a hint (an id, a code or an email, under
// names the admin chose), so each referrer the app creates is remembered under all three, in the
// same store as its Intercom writes (echo-guard.ts: memory, or Redis in the distributed mode). The
// echo then costs no RF read and no Intercom search: the run or the card has just written the link.
// The email is kept as a hash (the store may be Redis; an address is personal data).

const ENROLMENT = 0;
const idKey = (id: number) => `rf-user:id:${id}`;
const codeKey = (code: string) => `rf-user:code:${code}`;
const emailHash = (email: string) => `rf-user:email:${createHash('sha256').update(emailKey(email)).digest('base64url')}`;

/** The directory with every referrer it creates remembered (a failure to remember costs at most one echo, never the enrolment). */
export function rememberingEnrolments<D extends ReferralDirectory>(directory: D, workspaceId: string, writes: RecentWrites, onError: (err: unknown) => void = () => {}): D {
  return {
    ...directory,
    async createReferrer(input) {
      const result = await directory.createReferrer(input);
      if (result.kind === 'created') {
        const r = result.referrer;
        await Promise.all([idKey(r.id), codeKey(r.code), emailHash(r.email)].map((k) => writes.remember(workspaceId, k, ENROLMENT))).catch(onError);
      }
      return result;
    },
  };
}

/** Whether an RF event's hint names a referrer the app itself created lately. */
export async function isOwnEnrolment(writes: RecentWrites, workspaceId: string, hint: { id?: number | undefined; code?: string | undefined; email?: string | undefined }): Promise<boolean> {
  const keys = [
    ...(hint.id === undefined ? [] : [idKey(hint.id)]),
    ...(hint.code === undefined ? [] : [codeKey(hint.code)]),
    ...(hint.email === undefined ? [] : [emailHash(hint.email)]),
  ];
  const known = await Promise.all(keys.map((k) => writes.isOwnWrite(workspaceId, k, ENROLMENT)));
  return known.some(Boolean);
}
