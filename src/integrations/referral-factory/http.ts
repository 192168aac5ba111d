import { z } from 'zod';
import { errorForNoAnswer, errorForStatus, parseRetryAfter, redact, UpstreamError } from '../shared/upstream-error.js';
import { withRetries } from '../shared/retry.js';
import type { RetryPolicy } from '../shared/retry.js';
import type { CallPriority } from '../../sync/ports.js';
import type { RateBudget } from './rate-budget.js';
import { fieldMessages, RfErrorWire } from './wire.js';
import type { RfError } from './wire.js';

const SERVICE = 'Referral Factory';

export interface RfHttpOptions {
  baseUrl: string;
  apiKey: string;
  budget: RateBudget;
  /** Every call of this client waits in the key's budget as this class. */
  priority: CallPriority;
  timeoutMs: number;
  retry: Partial<RetryPolicy>;
  fetch: typeof fetch;
}

export interface RfRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/** A refusal RF explained (422); the caller may turn some of them into outcome values. */
export class RfRejection extends UpstreamError {
  constructor(
    message: string,
    status: number,
    readonly body: RfError | null,
  ) {
    super('upstream_rejected', message, { status });
  }
}

/** One RF call: paced by the key's budget, timed out, retried when it can succeed later, parsed with `schema`. */
export function createRfHttp(opts: RfHttpOptions) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const secrets = [opts.apiKey];

  async function attempt(req: RfRequest): Promise<unknown> {
    const url = new URL(`${base}${req.path}`);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    let res: Response;
    let raw: string;
    try {
      res = await opts.budget.run(() =>
        opts.fetch(url, {
          method: req.method,
          headers: { authorization: `Bearer ${opts.apiKey}`, accept: 'application/json', ...(req.body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: req.body === undefined ? null : JSON.stringify(req.body),
          signal: AbortSignal.timeout(opts.timeoutMs),
        }),
        opts.priority,
      );
      raw = await res.text();
    } catch (err) {
      throw errorForNoAnswer(SERVICE, err);
    }
    let json: unknown = null;
    try {
      json = raw ? JSON.parse(raw) : null;
    } catch {
      if (res.ok) throw new UpstreamError('upstream_invalid_response', `${SERVICE} answered ${res.status} with a body that is not JSON`, { status: res.status });
    }
    if (res.ok) return json;
    const parsed = RfErrorWire.safeParse(json);
    const body = parsed.success ? parsed.data : null;
    const fields = fieldMessages(body);
    const detail = redact((fields.length ? fields.join('; ') : body?.message ?? '').slice(0, 500), secrets);
    if (res.status === 422) throw new RfRejection(`${SERVICE} refused the request (422): ${detail}`, 422, body);
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    // RF documents no rate-limit headers: without Retry-After, hold the key back for a tenth of its window.
    if (res.status === 429) opts.budget.pause(retryAfterMs ?? opts.budget.windowMs / 10);
    throw errorForStatus(SERVICE, res.status, detail, retryAfterMs);
  }

  return async function request<T extends z.ZodType>(req: RfRequest, schema: T): Promise<z.infer<T>> {
    const json = await withRetries(() => attempt(req), opts.retry);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new UpstreamError('upstream_invalid_response', `${SERVICE} ${req.method} ${req.path} returned an unexpected body (${where})`);
    }
    return parsed.data;
  };
}
