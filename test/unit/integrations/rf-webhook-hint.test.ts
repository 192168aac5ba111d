import { describe, expect, it } from 'vitest';
import { hintOf, namesSomeone } from '../../../src/integrations/referral-factory/webhook-hint.js';

describe('RF webhook payload: whatever names the user', () => {
  it('when the payload has RF field names, then id, code and email are taken', () => {
    expect(hintOf({ id: 1042, code: 'ab3k9x2m', email: 'lead@example.com', referrer_id: 1001, first_name: 'Lea' })).toEqual({ id: 1042, code: 'ab3k9x2m', email: 'lead@example.com' });
  });

  it('when the admin renamed the keys, then close variants are recognised (case, separators, strings of digits)', () => {
    expect(hintOf({ 'User ID': '1042', referralCode: 'ab3k9x2m', email_address: ' lead@example.com ' })).toEqual({ id: 1042, code: 'ab3k9x2m', email: 'lead@example.com' });
  });

  it('when the only identity is an address under an unknown key, then that one address is taken', () => {
    expect(hintOf({ contact: 'lead@example.com', origin: 'rf' })).toEqual({ email: 'lead@example.com' });
  });

  it('when two addresses are present under unknown keys, then neither is guessed', () => {
    expect(hintOf({ a: 'one@example.com', b: 'two@example.com' })).toEqual({});
  });

  it('when a key names the referrer, then it is never taken for the user', () => {
    expect(hintOf({ referrer_id: 1001, referrer_email: 'ref@example.com', 'Referred By Code': 'zz9k2m3n' })).toEqual({});
    expect(namesSomeone(hintOf({ referrer: { id: 1001, email: 'ref@example.com' } }))).toBe(false);
  });

  it('when the user sits one level down, then it is found there', () => {
    expect(hintOf({ event: 'user.join', data: { id: 7, email: 'x@example.com' } })).toEqual({ id: 7, email: 'x@example.com' });
  });

  it('when values are junk (negative, too long, markup, not an address), then nothing is taken', () => {
    expect(hintOf({ id: -3, code: '<script>', email: 'not-an-email', user_id: '12345678901234567890' })).toEqual({});
  });
});
