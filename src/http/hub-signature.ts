import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

// Intercom signs webhook notifications: X-Hub-Signature = `sha1=` + hex HMAC-SHA1 of the raw body,
// keyed with the app's client secret (reference/intercom-api.md §6; RFC 2104). Hash the bytes as received.

export const hubSignature = (rawBody: Buffer | string, secret: string): string => `sha1=${createHmac('sha1', secret).update(rawBody).digest('hex')}`;

export function hubSignatureKey(secret: string): KeyObject | null {
  return secret ? createSecretKey(Buffer.from(secret, 'utf8')) : null;
}

/** Constant-time on the digest bytes; anything but `sha1=` and 40 hex characters is refused before hashing. */
export function isValidHubSignature(rawBody: Buffer, header: string | undefined, key: KeyObject | null): boolean {
  const m = header ? /^sha1=([0-9a-f]{40})$/i.exec(header) : null;
  if (!m || !key) return false;
  const expected = createHmac('sha1', key).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(m[1]!.toLowerCase(), 'hex'), expected);
}
