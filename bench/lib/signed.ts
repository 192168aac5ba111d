import { createHmac } from 'node:crypto';

/** Canvas Kit request signing as Intercom does it: hex HMAC-SHA256 of the raw body with the client secret. */
export function signedRequest(body: unknown, clientSecret: string): { body: string; headers: Record<string, string> } {
  const raw = JSON.stringify(body);
  return {
    body: raw,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-body-signature': createHmac('sha256', clientSecret).update(raw, 'utf8').digest('hex'),
    },
  };
}

/** Sends one signed request and returns the status and parsed JSON (for setup and checks, not load). */
export async function postSigned(url: string, body: unknown, clientSecret: string): Promise<{ status: number; json: unknown; bytes: number }> {
  const req = signedRequest(body, clientSecret);
  const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, bytes: Buffer.byteLength(text) };
}
