import { pino, type DestinationStream, type Logger } from 'pino';

export type AppLogger = Logger;

// Log ids and counts, never bodies. Redaction is the safety net for a credential passed by
// mistake: any key below with these names, up to three levels deep, is replaced.
const SECRET_KEYS = [
  'authorization', 'cookie', 'set-cookie', 'x-body-signature',
  'token', 'accessToken', 'access_token', 'apiKey', 'api_key', 'secret', 'clientSecret', 'client_secret',
  'password', 'encryptionKey', 'appSigningSecret',
];
const quoted = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`);
const join = (prefix: string, k: string) => (quoted(k).startsWith('[') ? `${prefix}${quoted(k)}` : `${prefix}.${k}`);

export const REDACT_PATHS: string[] = SECRET_KEYS.flatMap((k) => [
  quoted(k),
  join('*', k),
  join('*.*', k),
  join('*.*.*', k),
]);

export function createLogger(opts: { level: string; destination?: DestinationStream }): AppLogger {
  return pino(
    {
      level: opts.level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    opts.destination,
  );
}

export const silentLogger = (): AppLogger => pino({ level: 'silent' });
