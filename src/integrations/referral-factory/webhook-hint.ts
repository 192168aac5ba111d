import { z } from 'zod';

// What an RF outbound webhook says about its user. RF publishes no payload schema and lets the
// admin rename every key, switch fields off and add hidden ones (reference/referral-factory.md §3,
// RF-WH-OUT "User Fields"), so nothing is trusted or required: the payload is searched for
// whatever names the user (id, code or email, under the usual names or close variants, one
// level of nesting deep) and the user is then read again from RF's API. A key that names the
// *referrer* (referrer_id, referred_by, …) is never taken for the user.

export interface RfWebhookHint {
  id?: number;
  code?: string;
  email?: string;
}

const Email = z.email().max(200);
const Code = z.string().regex(/^[A-Za-z0-9_-]{3,64}$/);

/** Keys compared lowercased without separators: `User ID`, `user_id` and `userId` are one. */
const norm = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');
const ID_KEYS = new Set(['id', 'userid', 'rfid', 'rfuserid', 'referralfactoryid', 'referralfactoryuserid', 'leadid']);
const CODE_KEYS = new Set(['code', 'usercode', 'referralcode', 'rfcode', 'refcode', 'leadcode']);
const EMAIL_KEYS = new Set(['email', 'emailaddress', 'useremail', 'mail', 'leademail', 'rfemail']);
const ABOUT_REFERRER = /referrer|referredby|inviter|invitedby/;

type Flat = Array<[string, unknown]>;

/** Top-level entries, then those of nested objects (`{ user: {…} }`, `{ data: {…} }`). */
function flatten(body: Record<string, unknown>): Flat {
  const out: Flat = Object.entries(body);
  for (const [key, value] of Object.entries(body)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && !ABOUT_REFERRER.test(norm(key))) out.push(...Object.entries(value as Record<string, unknown>));
  }
  return out;
}

const asId = (v: unknown): number | undefined => {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  return /^\d{1,15}$/.test(s) && Number(s) > 0 ? Number(s) : undefined;
};

/** The user a payload names; empty when it names none (then nothing can be done with it). */
export function hintOf(body: Record<string, unknown>): RfWebhookHint {
  const entries = flatten(body).filter(([k]) => !ABOUT_REFERRER.test(norm(k)));
  const hint: RfWebhookHint = {};
  for (const [key, value] of entries) {
    const k = norm(key);
    if (hint.id === undefined && ID_KEYS.has(k)) {
      const id = asId(value);
      if (id !== undefined) hint.id = id;
    } else if (hint.code === undefined && CODE_KEYS.has(k) && typeof value === 'string' && Code.safeParse(value.trim()).success) {
      hint.code = value.trim();
    } else if (hint.email === undefined && EMAIL_KEYS.has(k) && typeof value === 'string' && Email.safeParse(value.trim()).success) {
      hint.email = value.trim();
    }
  }
  if (hint.email === undefined) {
    // Renamed beyond recognition: the one value that is an email address, if exactly one is.
    const emails = [...new Set(entries.map(([, v]) => (typeof v === 'string' ? v.trim() : '')).filter((v) => Email.safeParse(v).success))];
    if (emails.length === 1) hint.email = emails[0];
  }
  return hint;
}

export const namesSomeone = (h: RfWebhookHint): boolean => h.id !== undefined || h.code !== undefined || h.email !== undefined;
