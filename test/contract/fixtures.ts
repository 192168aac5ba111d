import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Our own bodies reproducing recorded Intercom answers (fixtures/intercom/README.md names the sources). */
export const intercomFixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`./fixtures/intercom/${name}.json`, import.meta.url), 'utf8'));

export interface SeenRequest {
  method: string;
  url: string;
  body: unknown;
}

/**
 * A tiny HTTP server that answers every request with the body and status it was last told to,
 * remembering what it was asked: Intercom as recorded, for the app's real integration.
 */
export async function startFixtureServer() {
  let answer: { status: number; body: unknown } = { status: 404, body: {} };
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => void (raw += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body: raw ? JSON.parse(raw) : undefined });
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answer: (status: number, body: unknown) => void (answer = { status, body }),
    last: (): SeenRequest | undefined => seen[seen.length - 1],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
