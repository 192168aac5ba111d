import { createHmac } from 'node:crypto';
import { validateCanvasResponse } from '../../canvas/validate.js';
import { estimateCanvasHeight } from '../../canvas/height.js';
import type { CanvasCallResult, Verdict } from './wire.js';

/** X-Body-Signature: lowercase hex HMAC-SHA256 of the exact bytes sent (canvas-kit.md §3.1). */
export function signBody(bytes: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret).update(bytes, 'utf8').digest('hex');
}

export interface CallAppInput {
  flow: 'initialize' | 'submit';
  url: string;
  body: Record<string, unknown>;
  clientSecret: string;
  timeoutMs: number;
  /** Initialize opens the panel: Intercom's 400 px rule applies to that first canvas. */
  firstCanvas: boolean;
}

export async function callApp(input: CallAppInput): Promise<CanvasCallResult> {
  const bytes = JSON.stringify(input.body);
  const headers = {
    'content-type': 'application/json',
    'x-body-signature': signBody(bytes, input.clientSecret),
  };
  const request = { url: input.url, headers, body: input.body };
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(input.url, {
      method: 'POST',
      headers,
      body: bytes,
      signal: AbortSignal.timeout(input.timeoutMs),
    });
  } catch (err) {
    const ms = Math.round(performance.now() - started);
    const reason = err instanceof Error && err.name === 'TimeoutError'
      ? `the app did not answer within ${input.timeoutMs} ms`
      : `the app could not be reached (${err instanceof Error ? err.message : String(err)})`;
    return { flow: input.flow, request, status: null, response: null, timing: { ms }, verdict: failed(reason) };
  }
  const text = await res.text();
  const ms = Math.round(performance.now() - started);
  const response = parseJson(text);
  const verdict = judge(input, res, response);
  return { flow: input.flow, request, status: res.status, response: response ?? text, timing: { ms }, verdict };
}

function judge(input: CallAppInput, res: Response, body: unknown): Verdict {
  if (res.status !== 200) return failed(`the app answered HTTP ${res.status}; Intercom shows "Something went wrong"`);
  if (body === undefined) return failed('the app answered something that is not JSON');
  const v = validateCanvasResponse(body, { flow: input.flow, location: 'inbox', firstCanvas: input.firstCanvas });
  return { ok: v.ok, errors: v.errors, warnings: v.warnings, heightPx: heightOf(body) };
}

function heightOf(body: unknown): number | null {
  const components = (body as { canvas?: { content?: { components?: unknown } } } | null)?.canvas?.content
    ?.components;
  if (!Array.isArray(components)) return null;
  try {
    const px = estimateCanvasHeight(components as Parameters<typeof estimateCanvasHeight>[0]);
    return Number.isFinite(px) ? px : null;
  } catch {
    return null;
  }
}

function failed(reason: string): Verdict {
  return { ok: false, errors: [reason], warnings: [], heightPx: null };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
