import { IntercomError, IntercomTimeoutError } from 'intercom-client';
import { describe, expect, it } from 'vitest';
import { noAnswer, toUpstreamError } from '../../../src/integrations/intercom/errors.js';
import { createRateWindow } from '../../../src/integrations/intercom/rate-window.js';
import { errorForStatus, parseRetryAfter, redact, UpstreamError } from '../../../src/integrations/shared/upstream-error.js';

const TOKEN = 'tok_secret_abc123';
const intercomError = (statusCode: number | undefined, body?: unknown, message?: string) =>
  new IntercomError({ statusCode, body, ...(message ? { message } : {}) });

describe('upstream error classification', () => {
  it.each([
    [401, 'upstream_auth_failed', false],
    [403, 'upstream_auth_failed', false],
    [404, 'upstream_not_found', false],
    [400, 'upstream_rejected', false],
    [409, 'upstream_rejected', false],
    [408, 'upstream_unavailable', true],
    [429, 'upstream_rate_limited', true],
    [500, 'upstream_unavailable', true],
    [503, 'upstream_unavailable', true],
  ] as const)('when a vendor answers %i, then the code is %s (retryable %s)', (status, code, retryable) => {
    const err = errorForStatus('X', status, 'detail');
    expect(err).toMatchObject({ code, status, retryable });
  });

  it('when Intercom refuses with an error list, then its first code and message are in the error, the token never', () => {
    const body = { type: 'error.list', request_id: 'r1', errors: [{ code: 'parameter_not_found', message: `Custom attribute 'x' does not exist for ${TOKEN}` }] };
    const err = toUpstreamError(intercomError(400, body), [TOKEN]) as UpstreamError;
    expect(err).toMatchObject({ code: 'upstream_rejected', status: 400 });
    expect(err.message).toContain('parameter_not_found');
    expect(err.message).toContain("Custom attribute 'x' does not exist");
    expect(err.message).not.toContain(TOKEN);
  });

  it('when the SDK times out or gets no answer, then the error is retryable here; a 503 after SDK retries is not retried again', () => {
    const timeout = toUpstreamError(new IntercomTimeoutError('Timeout exceeded'), [TOKEN]) as UpstreamError;
    const network = toUpstreamError(intercomError(undefined, undefined, 'fetch failed'), [TOKEN]) as UpstreamError;
    const unavailable = toUpstreamError(intercomError(503), [TOKEN]) as UpstreamError;
    expect(timeout).toMatchObject({ code: 'upstream_unavailable', retryable: true });
    expect(network).toMatchObject({ code: 'upstream_unavailable', retryable: true });
    expect([noAnswer(timeout), noAnswer(network), noAnswer(unavailable)]).toEqual([true, true, false]);
  });

  it('when text holds a secret, then redact removes every occurrence', () => {
    expect(redact(`a ${TOKEN} b ${TOKEN}`, [TOKEN])).toBe('a [redacted] b [redacted]');
  });

  it('when Retry-After is seconds or a date, then it becomes milliseconds', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe('Intercom rate window', () => {
  it('when Remaining reaches 0, then the next call waits until Reset; once calls remain, it does not wait', async () => {
    let now = 1_000_000;
    const waits: number[] = [];
    const w = createRateWindow({ now: () => now, sleep: async (ms) => void waits.push(ms) });
    w.observe(new Headers({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1003' }));
    await w.waitTurn();
    w.observe(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1004' }));
    await w.waitTurn();
    now = 1_004_000;
    await w.waitTurn();
    expect(waits).toEqual([4000]);
  });

  it('when Reset is far away (skewed clock), then the wait is capped at one window', async () => {
    const waits: number[] = [];
    const w = createRateWindow({ now: () => 0, sleep: async (ms) => void waits.push(ms) });
    w.observe(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '99999' }));
    await w.waitTurn();
    expect(waits).toEqual([11_000]);
  });
});
