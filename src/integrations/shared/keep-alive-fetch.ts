import http from 'node:http';
import https from 'node:https';
import { BufferedHeaders, BufferedResponse } from './buffered-response.js';

/**
 * A `fetch` for our two API clients over node:http(s) with keep-alive agents. Node's global fetch
 * (undici) costs ~680 µs of CPU per call here against ~250 µs for node:http
 * (bench/diagnostics/sync-costs.ts); a sync makes two calls per contact, so this is most of the
 * app's own cost per contact. Covers what the clients use: method, headers, a string or bytes
 * body, an AbortSignal; answers a standard Response (buffered-response.ts).
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  if (!init) return {};
  if (init instanceof Headers) return Object.fromEntries(init.entries());
  if (Array.isArray(init)) return Object.fromEntries(init);
  return { ...(init as Record<string, string>) };
}

function bodyBytes(body: BodyInit | null | undefined): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  throw new TypeError('keepAliveFetch supports string, bytes and URLSearchParams bodies only');
}

export const keepAliveFetch: typeof fetch = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!transport) return Promise.reject(new TypeError(`Unsupported protocol ${url.protocol}`));
  const payload = bodyBytes(init.body);
  const headers = headerRecord(init.headers);
  if (payload) headers['content-length'] = String(payload.length);
  const signal = init.signal ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const req = transport.request(url, { method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'], signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => reject(signal?.aborted ? signal.reason : err));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const noBody = status === 204 || status === 304 || init.method === 'HEAD';
        resolve(new BufferedResponse(noBody ? Buffer.alloc(0) : Buffer.concat(chunks), status, res.statusMessage ?? '', new BufferedHeaders(res.headers), url.href));
      });
    });
    req.on('error', (err) => reject(signal?.aborted ? signal.reason : err));
    req.end(payload);
  });
};
