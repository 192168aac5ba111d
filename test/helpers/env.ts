import { randomBytes } from 'node:crypto';

/** A complete, valid environment for loadConfig; override single variables per test. */
export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
    INTERCOM_CLIENT_ID: 'sandbox-client-id',
    INTERCOM_CLIENT_SECRET: 'sandbox-client-secret',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    APP_SIGNING_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}
