import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveFetch } from '../../../src/integrations/shared/keep-alive-fetch.js';

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 500);
      if (req.url === '/empty') return void res.writeHead(204).end();
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'x-ratelimit-remaining': '7' });
      res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null, body: Buffer.concat(chunks).toString() }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

describe('keepAliveFetch', () => {
  it('when a JSON body is posted with headers, then the server gets them and the answer reads like fetch', async () => {
    const res = await keepAliveFetch(`${base}/x`, { method: 'POST', headers: new Headers({ authorization: 'Bearer t' }), body: JSON.stringify({ a: 1 }) });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('7');
    expect(res.headers.get('set-cookie')).toContain('a=1');
    expect(await res.json()).toEqual({ method: 'POST', auth: 'Bearer t', body: '{"a":1}' });
  });

  it('when the answer is read, then it behaves as a fetch Response: case-insensitive headers, one read, clone, stream', async () => {
    const res = await keepAliveFetch(`${base}/x`);
    expect(res).toMatchObject({ ok: true, status: 200, redirected: false, url: `${base}/x`, bodyUsed: false });
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect([...res.headers.keys()]).toEqual([...res.headers.keys()].sort());
    const copy = res.clone();
    expect(JSON.parse(await res.text())).toMatchObject({ method: 'GET' });
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
    expect(JSON.parse(new TextDecoder().decode(await copy.arrayBuffer()))).toMatchObject({ method: 'GET' });
    const streamed = await keepAliveFetch(`${base}/x`);
    const reader = streamed.body!.getReader();
    let text = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    expect(JSON.parse(text)).toMatchObject({ method: 'GET' });
  });

  it('when the answer has no body, then a 204 Response comes back', async () => {
    const res = await keepAliveFetch(`${base}/empty`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(await res.text()).toBe('');
  });

  it('when the signal times out first, then the call rejects with the signal reason, as fetch does', async () => {
    const err = await keepAliveFetch(`${base}/slow`, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
  });

  it('when nothing listens, then the call rejects with a network error', async () => {
    await expect(keepAliveFetch('http://127.0.0.1:9/')).rejects.toThrow();
  });
});
