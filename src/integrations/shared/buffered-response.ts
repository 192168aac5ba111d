import type { IncomingHttpHeaders } from 'node:http';

/**
 * A fetch `Response` over a body already read into memory. Undici's Response wraps even a Buffer
 * in a web ReadableStream and reads it back through it; for a JSON API answer of a few KB that
 * is most of the cost of `text()`. This keeps the standard interface (a real stream is made only
 * if someone asks for `body`) at the cost of a string decode. Headers are lowercase, as node:http
 * gives them.
 */
export class BufferedHeaders implements Headers {
  readonly #map = new Map<string, string>();
  readonly #cookies: string[] = [];

  constructor(raw: IncomingHttpHeaders = {}) {
    for (const [k, v] of Object.entries(raw)) {
      if (v === undefined) continue;
      if (k === 'set-cookie') this.#cookies.push(...(Array.isArray(v) ? v : [v]));
      this.#map.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
  }

  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.#map.set(name.toLowerCase(), value);
  }
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const prev = this.#map.get(key);
    this.#map.set(key, prev === undefined ? value : `${prev}, ${value}`);
  }
  delete(name: string): void {
    this.#map.delete(name.toLowerCase());
  }
  getSetCookie(): string[] {
    return [...this.#cookies];
  }
  forEach(cb: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) cb.call(thisArg, v, k, this);
  }
  *entries(): HeadersIterator<[string, string]> {
    yield* [...this.#map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  *keys(): HeadersIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): HeadersIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }
}

export class BufferedResponse implements Response {
  readonly type = 'basic' as const;
  readonly redirected = false;
  readonly ok: boolean;
  #used = false;
  readonly #bytes: Buffer;

  constructor(
    bytes: Buffer,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    readonly url: string,
  ) {
    this.#bytes = bytes;
    this.ok = status >= 200 && status < 300;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }
  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#bytes.length === 0 ? null : new Response(this.#take()).body;
  }
  #take(): Uint8Array<ArrayBuffer> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return new Uint8Array(this.#bytes.buffer.slice(this.#bytes.byteOffset, this.#bytes.byteOffset + this.#bytes.byteLength)) as Uint8Array<ArrayBuffer>;
  }
  async text(): Promise<string> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes.toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#take();
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take().buffer;
  }
  async blob(): Promise<Blob> {
    return new Blob([this.#take()], { type: this.headers.get('content-type') ?? '' });
  }
  async formData(): Promise<FormData> {
    return new Response(this.#take(), { headers: this.headers }).formData();
  }
  clone(): Response {
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed');
    return new BufferedResponse(this.#bytes, this.status, this.statusText, this.headers, this.url);
  }
}
