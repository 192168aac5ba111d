import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { intercomApiBase, isPrivateApp, loadConfig, loadStorageConfig } from '../../src/config.js';
import { isAppError } from '../../src/shared/errors.js';
import { testEnv } from '../helpers/env.js';

function failure(env: Record<string, string | undefined>): Error {
  try {
    loadConfig(env);
  } catch (err) {
    return err as Error;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('when only the required variables are set, then the defaults apply and the config is frozen', () => {
    const config = loadConfig(testEnv());
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataFile).toBe('data/store.json');
    expect(config.rfApiBaseUrl).toBe('https://referral-factory.com/api/v2');
    expect(config.intercom.oauthUrl).toBe('https://app.intercom.com/oauth');
    expect(config.encryptionKey).toHaveLength(32);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.intercom)).toBe(true);
    expect(isPrivateApp(config)).toBe(false);
  });

  it("when RF_RATE_LIMIT and RF_RATE_WINDOW_MS are unset or set, then the RF budget is RF's 600 a minute or what they say; 0 is refused by name", () => {
    expect(loadConfig(testEnv()).rfRate).toEqual({ callsPerWindow: 600, windowMs: 60_000 });
    expect(loadConfig(testEnv({ RF_RATE_LIMIT: '20', RF_RATE_WINDOW_MS: '2000' })).rfRate).toEqual({ callsPerWindow: 20, windowMs: 2000 });
    expect(failure(testEnv({ RF_RATE_LIMIT: '0' })).message).toContain('RF_RATE_LIMIT');
  });

  it('when a required variable is missing, then the error names it', () => {
    const err = failure(testEnv({ INTERCOM_CLIENT_SECRET: undefined }));
    expect(isAppError(err, 'config_invalid')).toBe(true);
    expect(err.message).toContain('INTERCOM_CLIENT_SECRET');
  });

  it('when secrets are malformed, then the error names the variables but never shows their values', () => {
    const badKey = 'c2hvcnQta2V5LW5vdC0zMi1ieXRlcw==';
    const shortSecret = 'too-short-signing-secret';
    const err = failure(testEnv({ ENCRYPTION_KEY: badKey, APP_SIGNING_SECRET: shortSecret, PORT: 'eighty' }));
    expect(err.message).toContain('ENCRYPTION_KEY');
    expect(err.message).toContain('APP_SIGNING_SECRET');
    expect(err.message).toContain('PORT');
    expect(err.message).not.toContain(badKey);
    expect(err.message).not.toContain(shortSecret);
    expect(err.message).not.toContain('eighty');
  });

  it('when variables are malformed, then the error says what is wrong with each, in words that never quote the value', () => {
    const err = failure(testEnv({
      INTERCOM_CLIENT_SECRET: undefined, PORT: 'eighty', RATE_LIMIT_MAX: '2.5', SYNC_TICK_SECONDS: '99999',
      APP_SIGNING_SECRET: 'short-secret', PUBLIC_BASE_URL: 'ftp://files.example', LOG_LEVEL: 'loud',
    }));
    for (const part of [
      'INTERCOM_CLIENT_SECRET (missing)', 'PORT (must be a number)', 'RATE_LIMIT_MAX (must be a whole number)',
      'SYNC_TICK_SECONDS (must be at most 3600)', 'APP_SIGNING_SECRET (must be at least 32 characters long)',
      'PUBLIC_BASE_URL (must be an http:// or https:// URL)', 'LOG_LEVEL (must be one of fatal, error, warn, info, debug, trace, silent)',
    ]) expect(err.message).toContain(part);
    for (const value of ['eighty', '2.5', '99999', 'short-secret', 'ftp://', 'loud']) expect(err.message).not.toContain(value);
    expect(failure(testEnv({ RF_API_KEY: 'rf_key_123' })).message).toContain('RF_API_KEY (read only in private-app mode');
    expect(loadConfig(testEnv({ INTERCOM_ACCESS_TOKEN: 'tok', RF_API_KEY: ' rf_key_123 ' })).privateRfApiKey).toBe('rf_key_123');
  });

  it('when the encryption key is 64 hex characters, then it is read as 32 bytes', () => {
    const hex = 'ab'.repeat(32);
    expect(loadConfig(testEnv({ ENCRYPTION_KEY: hex })).encryptionKey.equals(Buffer.from(hex, 'hex'))).toBe(true);
  });

  it('when the encryption key is 31 bytes of base64, then start-up is refused', () => {
    const err = failure(testEnv({ ENCRYPTION_KEY: Buffer.alloc(31, 7).toString('base64') }));
    expect(err.message).toContain('ENCRYPTION_KEY');
  });

  it('when INTERCOM_ACCESS_TOKEN is set, then it is a private app and the client id is optional', () => {
    const config = loadConfig(testEnv({ INTERCOM_ACCESS_TOKEN: 'tok_private', INTERCOM_CLIENT_ID: undefined }));
    expect(isPrivateApp(config)).toBe(true);
  });

  it('when neither the client id nor an access token is set, then the client id is named', () => {
    expect(failure(testEnv({ INTERCOM_CLIENT_ID: undefined })).message).toContain('INTERCOM_CLIENT_ID');
  });

  it('when the environment is empty, then every variable a first start needs is named at once, the client id too', () => {
    const message = failure({}).message;
    for (const name of ['PUBLIC_BASE_URL', 'INTERCOM_CLIENT_SECRET', 'ENCRYPTION_KEY', 'APP_SIGNING_SECRET', 'INTERCOM_CLIENT_ID']) expect(message).toContain(name);
  });

  it('when no API base URL override is set, then each region uses its own host', () => {
    const config = loadConfig(testEnv());
    expect(intercomApiBase(config, 'US')).toBe('https://api.intercom.io');
    expect(intercomApiBase(config, 'EU')).toBe('https://api.eu.intercom.io');
    expect(intercomApiBase(config, 'AU')).toBe('https://api.au.intercom.io');
    const sandboxed = loadConfig(testEnv({ INTERCOM_API_BASE_URL: 'http://127.0.0.1:4010/' }));
    expect(intercomApiBase(sandboxed, 'EU')).toBe('http://127.0.0.1:4010');
  });

  it('when a URL variable is not a URL, then it is named', () => {
    expect(failure(testEnv({ PUBLIC_BASE_URL: 'not a url' })).message).toContain('PUBLIC_BASE_URL');
  });

  it('when TRUST_PROXY is unset, a hop count, or a list of proxies, then express gets that; when it is true or junk, it is refused by name', () => {
    expect(loadConfig(testEnv()).trustProxy).toBe(false);
    expect(loadConfig(testEnv({ TRUST_PROXY: '1' })).trustProxy).toBe(1);
    expect(loadConfig(testEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::1' })).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example.com', '1.2.3']) {
      expect(failure(testEnv({ TRUST_PROXY: bad })).message).toContain('TRUST_PROXY');
    }
  });

  it('when the rate limit is unset, then 30 requests per 10 minutes per address; 0 is refused', () => {
    expect(loadConfig(testEnv()).rateLimit).toEqual({ max: 30, windowSeconds: 600 });
    expect(failure(testEnv({ RATE_LIMIT_MAX: '0' })).message).toContain('RATE_LIMIT_MAX');
  });

  it('when neither DATABASE_URL nor REDIS_URL is set, then the embedded mode is chosen', () => {
    const config = loadConfig(testEnv());
    expect(config.mode).toBe('embedded');
    expect(config.distributed).toBeNull();
  });

  it('when both are set, then the distributed mode is chosen, and neither URL ever prints its password', () => {
    const password = 's3cr3t-pg-pass';
    const config = loadConfig(testEnv({ DATABASE_URL: `postgres://app:${password}@db.internal:5432/rf?sslmode=verify-full`, REDIS_URL: `rediss://:${password}@cache:6380/0` }));
    expect(config.mode).toBe('distributed');
    expect(config.distributed?.databaseUrl.reveal()).toContain(password);
    expect(config.distributed).toMatchObject({ databasePoolMax: 10, migrateOnStart: true });
    const printed = [JSON.stringify(config), String(config.distributed?.databaseUrl), `${config.distributed?.redisUrl}`, inspect(config, { depth: 5 })].join('\n');
    expect(printed).not.toContain(password);
    expect(printed).toContain('postgres://app:***@db.internal:5432/rf');
  });

  it('when only one of them is set, then start-up is refused naming the missing one and why', () => {
    const noRedis = failure(testEnv({ DATABASE_URL: 'postgres://127.0.0.1/rf' }));
    expect(isAppError(noRedis, 'config_invalid')).toBe(true);
    expect(noRedis.message).toContain('REDIS_URL (required because DATABASE_URL is set');
    const noDb = failure(testEnv({ REDIS_URL: 'redis://127.0.0.1:6379' }));
    expect(noDb.message).toContain('DATABASE_URL (required because REDIS_URL is set');
  });

  it('when the job settings are unset, then prefix rfi, 16 runs per worker and a 30-s job lock; a prefix that could reach other keys is refused', () => {
    const distributed = { DATABASE_URL: 'postgres://127.0.0.1/rf', REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(loadConfig(testEnv(distributed)).distributed).toMatchObject({ redisKeyPrefix: 'rfi', workerConcurrency: 16, jobLockMs: 30_000 });
    expect(loadConfig(testEnv({ ...distributed, REDIS_KEY_PREFIX: 'rf-prod', WORKER_CONCURRENCY: '4', JOB_LOCK_SECONDS: '5' })).distributed)
      .toMatchObject({ redisKeyPrefix: 'rf-prod', workerConcurrency: 4, jobLockMs: 5000 });
    for (const bad of ['rf:prod', 'rf*', 'a b']) {
      expect(failure(testEnv({ ...distributed, REDIS_KEY_PREFIX: bad })).message).toContain('REDIS_KEY_PREFIX');
    }
    expect(failure(testEnv({ ...distributed, JOB_LOCK_SECONDS: '0' })).message).toContain('JOB_LOCK_SECONDS');
  });

  it('when DATABASE_URL is not a PostgreSQL URL, then it is named and its value (password included) never shown', () => {
    const err = failure(testEnv({ DATABASE_URL: 'mysql://root:hunter2@db/rf', REDIS_URL: 'redis://127.0.0.1:6379' }));
    expect(err.message).toContain('DATABASE_URL');
    expect(err.message).not.toContain('hunter2');
    expect(err.message).not.toContain('mysql');
  });

  it('when a storage command runs without DATABASE_URL, or with a malformed one, then it names the variable and shows its form, never the value', () => {
    let err: unknown;
    try {
      loadStorageConfig({ DATABASE_URL: 'mysql://root:hunter2@db/rf' });
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'config_invalid')).toBe(true);
    expect((err as Error).message).toContain('DATABASE_URL (DATABASE_URL: postgres://user:password@host:5432/database)');
    expect((err as Error).message).not.toContain('hunter2');
    expect(() => loadStorageConfig({})).toThrow(/DATABASE_URL/);
    expect(loadStorageConfig({ DATABASE_URL: 'postgresql://127.0.0.1/rf' }).encryptionKey).toBeUndefined();
  });
});
