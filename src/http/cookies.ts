import type { Request, Response } from 'express';

// The two cookies the app's own pages use (OAuth browser binding, setup-page CSRF). Values are
// base64url or hex: nothing to encode.

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export interface CookieOptions {
  path: string;
  maxAgeSeconds: number;
  sameSite: 'Strict' | 'Lax';
  /** Set when PUBLIC_BASE_URL is https. */
  secure: boolean;
}

/** Always HttpOnly: no script of ours reads them. */
export function setCookie(res: Response, name: string, value: string, o: CookieOptions): void {
  res.append('set-cookie', `${name}=${value}; Path=${o.path}; Max-Age=${o.maxAgeSeconds}; HttpOnly; SameSite=${o.sameSite}${o.secure ? '; Secure' : ''}`);
}
