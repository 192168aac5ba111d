import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

// Canvas Kit signs every request: X-Body-Signature = lowercase hex HMAC-SHA256 of the raw body,
// keyed with the app's client secret (reference/canvas-kit.md §3.1). Hash the bytes as received.

export const signBody = (rawBody: Buffer | string, secret: string): string =>
  createHmac('sha256', secret).update(rawBody).digest('hex');

export function isValidBodySignature(rawBody: Buffer, header: string | undefined, secret: string | KeyObject): boolean {
  if (!header || !secret || !/^[0-9a-f]{64}$/.test(header)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(header, 'hex'), expected);
}

/** Needs `express.raw()` before it: `req.body` must be the untouched bytes. `onRefused` logs the 401. */
export const requireBodySignature = (secret: string, onRefused?: (path: string, signed: boolean) => void): RequestHandler => {
  // The key prepared once, not on every request; an empty secret stays unusable.
  const key = secret ? createSecretKey(Buffer.from(secret, 'utf8')) : '';
  return (req, res, next) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (isValidBodySignature(raw, req.get('x-body-signature'), key)) return next();
    onRefused?.(req.path, req.get('x-body-signature') !== undefined);
    res.status(401).json({ error: 'signature_invalid' });
  };
};
