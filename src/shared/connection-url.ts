import { inspect } from 'node:util';

/**
 * A service URL that may carry a password (DATABASE_URL, REDIS_URL). It never prints itself:
 * logging, JSON or string interpolation show `describe()` (scheme, user, host, port, path — the
 * password replaced); only `reveal()` hands the URL to the client library that connects.
 */
export class ConnectionUrl {
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
  }

  reveal(): string {
    return this.#url;
  }

  /** For logs and messages: the URL without its password or query (query options may hold one too). */
  describe(): string {
    try {
      const u = new URL(this.#url);
      const user = u.username ? `${u.username}${u.password ? ':***' : ''}@` : '';
      return `${u.protocol}//${user}${u.host}${u.pathname}`;
    } catch {
      return '[unparseable URL]';
    }
  }

  toString(): string {
    return this.describe();
  }

  toJSON(): string {
    return this.describe();
  }

  [inspect.custom](): string {
    return `ConnectionUrl(${this.describe()})`;
  }
}
