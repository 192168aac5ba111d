import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isValidBodySignature, signBody } from '../../src/http/signature.js';

const secret = 'sandbox-client-secret';
const body = Buffer.from('{"workspace_id":"ws_1","admin":{"id":"1"},"text":"caf\\u00e9 <b>"}');

describe('X-Body-Signature', () => {
  it('when the header is the lowercase hex HMAC-SHA256 of the raw body, then it is valid', () => {
    const header = createHmac('sha256', secret).update(body).digest('hex');
    expect(signBody(body, secret)).toBe(header);
    expect(isValidBodySignature(body, header, secret)).toBe(true);
  });

  it('when the body was re-serialised (same JSON, other bytes), then the signature no longer matches', () => {
    const header = signBody(body, secret);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
    expect(reserialised.equals(body)).toBe(false);
    expect(isValidBodySignature(reserialised, header, secret)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['upper-case hex', signBody(body, secret).toUpperCase()],
    ['too short', signBody(body, secret).slice(0, 40)],
    ['signed with another secret', signBody(body, 'other-secret')],
    ['not hex', 'z'.repeat(64)],
  ])('when the header is %s, then it is refused', (_name, header) => {
    expect(isValidBodySignature(body, header, secret)).toBe(false);
  });

  it('when the secret is empty, then nothing is valid', () => {
    expect(isValidBodySignature(body, signBody(body, ''), '')).toBe(false);
  });
});
