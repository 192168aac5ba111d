import { pino, type DestinationStream, type Logger } from 'pino';

export type AppLogger = Logger;

// Log ids and counts, never bodies. Redaction is the safety net for a credential passed by
// mistake: any key below with these names, up to four levels deep, is replaced.
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'authorization', 'cookie', 'set-cookie', 'x-body-signature',
  'token', 'accessToken', 'access_token', 'apiKey', 'api_key', 'secret', 'clientSecret', 'client_secret',
  'password', 'encryptionKey', 'appSigningSecret',
]);
const CENSOR = '[redacted]';
const MAX_DEPTH = 4;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * A copy of `obj` with secret-named keys censored; `obj` itself when it holds none (the common
 * case costs a walk of a few keys). A plain walk instead of pino's wildcard `redact` paths, which
 * cost ~45 µs a line (measured in bench/diagnostics/canvas-costs.ts) on every canvas request.
 */
export function redactSecrets<T>(obj: T, depth = 0): T {
  if (depth >= MAX_DEPTH || !isPlainObject(obj)) return obj;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const next = SECRET_KEYS.has(key) ? CENSOR : redactSecrets(value, depth + 1);
    if (next !== value) (out ??= { ...obj })[key] = next;
  }
  return (out ?? obj) as T;
}

export function createLogger(opts: { level: string; destination?: DestinationStream }): AppLogger {
  return pino(
    {
      level: opts.level,
      base: undefined,
      formatters: { log: (obj) => redactSecrets(obj) },
      serializers: { err: pino.stdSerializers.err },
    },
    opts.destination,
  );
}

export const silentLogger = (): AppLogger => pino({ level: 'silent' });
