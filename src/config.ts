import { isIP } from 'node:net';
import { z } from 'zod';
import { AppError } from './shared/errors.js';
import type { Region } from './install/installation.js';
import { ConnectionUrl } from './shared/connection-url.js';

// Parsed once at start-up; a bad variable stops the app with its NAME, never its value.

const url = z.url({ protocol: /^https?$/ });
const secretKey = z.string().transform((s, ctx) => {
  const key = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(s) && key.toString('base64') !== s)) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes as 64 hex characters or base64' });
    return z.NEVER;
  }
  return key;
});
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_BASE_URL: url,
  INTERCOM_CLIENT_ID: optional(z.string().min(1)),
  INTERCOM_CLIENT_SECRET: z.string().min(1),
  INTERCOM_API_BASE_URL: optional(url),
  INTERCOM_OAUTH_URL: url.default('https://app.intercom.com/oauth'),
  INTERCOM_ACCESS_TOKEN: optional(z.string().min(1)),
  // Private-app mode: the operator's RF key, sealed into the store at start (private-app.ts).
  RF_API_KEY: optional(z.string().trim().min(1)),
  RF_API_BASE_URL: url.default('https://referral-factory.com/api/v2'),
  // RF's own CRM syncs enrol contacts without notifying them; a welcome email to a whole segment would surprise.
  RF_NOTIFY_NEW_REFERRERS: z.enum(['true', 'false']).default('false'),
  // RF's published limit per key (600 calls a minute); tests and benchmarks scale the window down.
  RF_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(600),
  RF_RATE_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  ENCRYPTION_KEY: secretKey,
  APP_SIGNING_SECRET: z.string().min(32),
  DATA_FILE: z.string().min(1).default('data/store.json'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SYNC_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  TRUST_PROXY: z.string().default('false').transform((s, ctx) => {
    const trust = parseTrustProxy(s);
    if (trust === undefined) {
      ctx.addIssue({ code: 'custom', message: 'false, a number of proxy hops, or a comma list of proxy addresses / subnets (not true)' });
      return z.NEVER;
    }
    return trust;
  }),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).max(1_000_000).default(30),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  // The distributed mode: both set, or neither (the embedded default: DATA_FILE, in-process jobs).
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/ })),
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/ })),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
  // Ongoing syncs read their whole audience at least this often (catches what incremental searches miss).
  SYNC_RECONCILE_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24),
  // Intercom's search index lags writes by "a few minutes": incremental runs look back this far.
  SYNC_INDEX_LAG_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(15),
  // How long a run waits for Intercom or RF to answer again before it fails.
  SYNC_OUTAGE_LIMIT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  // Jobs in the distributed mode (BullMQ on REDIS_URL); see README "Distributed mode".
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).default('rfi'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(16),
  JOB_LOCK_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
}).superRefine((e, ctx) => {
  // OAuth needs the client id; a private app (its own access token) does not.
  if (!e.INTERCOM_ACCESS_TOKEN && !e.INTERCOM_CLIENT_ID) {
    ctx.addIssue({ code: 'custom', path: ['INTERCOM_CLIENT_ID'], message: 'required unless INTERCOM_ACCESS_TOKEN is set' });
  }
  if (e.RF_API_KEY && !e.INTERCOM_ACCESS_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['RF_API_KEY'], message: 'read only in private-app mode, with INTERCOM_ACCESS_TOKEN: a public app connects Referral Factory from the inbox' });
  }
  const [set, missing] = e.DATABASE_URL ? ['DATABASE_URL', 'REDIS_URL'] : ['REDIS_URL', 'DATABASE_URL'];
  if (!e.DATABASE_URL !== !e.REDIS_URL) {
    ctx.addIssue({
      code: 'custom',
      path: [missing],
      message: `required because ${set} is set: the distributed mode needs both DATABASE_URL and REDIS_URL (unset both for the embedded default)`,
    });
  }
// Also when another variable is missing or malformed (zod skips refinements then): a first start
// with an empty environment hears of every variable it needs at once. Only presence is read here.
}, { when: () => true });

export const REGION_API_HOSTS: Readonly<Record<Region, string>> = Object.freeze({
  US: 'https://api.intercom.io',
  EU: 'https://api.eu.intercom.io',
  AU: 'https://api.au.intercom.io',
});

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/**
 * Express's `trust proxy` from TRUST_PROXY: which hops may say who the client is
 * (X-Forwarded-For), for the per-address rate limits. `true` is refused: it would trust any
 * client's own X-Forwarded-For, so anyone could pick an address and escape the limits.
 * https://expressjs.com/en/guide/behind-proxies.html
 */
export function parseTrustProxy(raw: string): false | number | string[] | undefined {
  const s = raw.trim();
  if (s === '' || s === 'false') return false;
  if (/^\d{1,2}$/.test(s)) return Number(s);
  const parts = s.split(',').map((p) => p.trim());
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const ok = parts.every((p) => {
    if (named.has(p)) return true;
    const [addr, bits, ...rest] = p.split('/');
    if (rest.length > 0 || !addr || isIP(addr) === 0) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(addr) === 4 ? 32 : 128));
  });
  return ok ? parts : undefined;
}

/** How a URL variable is written, for its error. */
const URL_FORMS: Record<string, string> = {
  DATABASE_URL: 'a postgres:// URL (postgres://user:password@host:5432/database)',
  REDIS_URL: 'a redis:// or rediss:// URL',
};
/** What a pattern-checked variable may hold, for its error. */
const PATTERNS: Record<string, string> = { REDIS_KEY_PREFIX: 'must be 1–64 letters, digits, _, . or -' };

/** What is wrong with one variable, never quoting its value. */
function whyInvalid(name: string, i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'custom':
      return i.message;
    case 'invalid_type':
      if (i.expected === 'number') return 'must be a number';
      if (i.expected === 'int') return 'must be a whole number';
      return 'missing';
    case 'too_small':
      if (i.origin !== 'string') return `must be at least ${String(i.minimum)}`;
      return Number(i.minimum) <= 1 ? 'empty' : `must be at least ${String(i.minimum)} characters long`;
    case 'too_big':
      return i.origin === 'string' ? `must be at most ${String(i.maximum)} characters long` : `must be at most ${String(i.maximum)}`;
    case 'invalid_format':
      if (i.format === 'url') return `must be ${URL_FORMS[name] ?? 'an http:// or https:// URL'}`;
      return PATTERNS[name] ?? 'has the wrong format';
    case 'invalid_value':
      return `must be one of ${i.values.map(String).join(', ')}`;
    default:
      return 'is not valid';
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Names, and what is wrong in our own words; never zod's generic messages, which may quote the input.
    const byName = new Map<string, string>();
    for (const i of parsed.error.issues) {
      const name = String(i.path[0] ?? '(env)');
      if (!byName.has(name)) byName.set(name, whyInvalid(name, i));
    }
    const list = [...byName].map(([name, why]) => `${name} (${why})`);
    throw new AppError('config_invalid', `Missing or invalid environment variables: ${list.join(', ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicBaseUrl: trimSlash(e.PUBLIC_BASE_URL),
    intercom: Object.freeze({
      clientId: e.INTERCOM_CLIENT_ID,
      clientSecret: e.INTERCOM_CLIENT_SECRET,
      /** When set, every workspace's API calls go here instead of its region's host. */
      apiBaseUrlOverride: e.INTERCOM_API_BASE_URL ? trimSlash(e.INTERCOM_API_BASE_URL) : undefined,
      oauthUrl: e.INTERCOM_OAUTH_URL,
      /** Private-app mode: the app's own token, no OAuth. */
      accessToken: e.INTERCOM_ACCESS_TOKEN,
    }),
    /** Private-app mode: the operator's Referral Factory key (RF_API_KEY), stored encrypted at start. */
    privateRfApiKey: e.RF_API_KEY,
    rfApiBaseUrl: trimSlash(e.RF_API_BASE_URL),
    rfNotifyNewReferrers: e.RF_NOTIFY_NEW_REFERRERS === 'true',
    /** Calls per window and key, in every process together (the distributed mode shares the budget through Redis). */
    rfRate: Object.freeze({ callsPerWindow: e.RF_RATE_LIMIT, windowMs: e.RF_RATE_WINDOW_MS }),
    encryptionKey: e.ENCRYPTION_KEY,
    appSigningSecret: e.APP_SIGNING_SECRET,
    dataFile: e.DATA_FILE,
    logLevel: e.LOG_LEVEL,
    syncTickSeconds: e.SYNC_TICK_SECONDS,
    trustProxy: e.TRUST_PROXY,
    /** Per client address, on each group of unauthenticated pages (install, RF setup). */
    rateLimit: Object.freeze({ max: e.RATE_LIMIT_MAX, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS }),
    /** `embedded`: lowdb (DATA_FILE) and in-process jobs. `distributed`: PostgreSQL and Redis. */
    mode: e.DATABASE_URL && e.REDIS_URL ? ('distributed' as const) : ('embedded' as const),
    /** Set in the distributed mode only. The URLs print without their passwords. */
    distributed: e.DATABASE_URL && e.REDIS_URL
      ? Object.freeze({
        databaseUrl: new ConnectionUrl(e.DATABASE_URL),
        redisUrl: new ConnectionUrl(e.REDIS_URL),
        databasePoolMax: e.DATABASE_POOL_MAX,
        /** Apply pending migrations at start-up (under a lock), or only check that there are none. */
        migrateOnStart: e.DATABASE_MIGRATE_ON_START === 'true',
        /** Every Redis key of this deployment starts with `${redisKeyPrefix}:` (several deployments may share one Redis). */
        redisKeyPrefix: e.REDIS_KEY_PREFIX,
        /** Runs one worker process works on at once (they wait on RF's per-key budgets, not on CPU). */
        workerConcurrency: e.WORKER_CONCURRENCY,
        /** A worker's hold on a job; a dead worker's runs move to another worker within about twice this. */
        jobLockMs: e.JOB_LOCK_SECONDS * 1000,
      })
      : null,
    syncReconcileHours: e.SYNC_RECONCILE_HOURS,
    syncIndexLagMinutes: e.SYNC_INDEX_LAG_MINUTES,
    syncOutageLimitMinutes: e.SYNC_OUTAGE_LIMIT_MINUTES,
  });
}

export type Config = ReturnType<typeof loadConfig>;

export const isPrivateApp = (config: Config): boolean => config.intercom.accessToken !== undefined;

/** Where a workspace's REST calls go: the override (sandbox, proxy) or its region's host. */
export const intercomApiBase = (config: Config, region: Region): string =>
  config.intercom.apiBaseUrlOverride ?? REGION_API_HOSTS[region];

const StorageEnvSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  ENCRYPTION_KEY: optional(secretKey),
});

/**
 * For the storage commands (npm run migrate, migrate-store): the database, and the encryption key
 * when given (to check that moved secrets still open). Errors name variables, never values.
 */
export function loadStorageConfig(env: Readonly<Record<string, string | undefined>>) {
  const parsed = StorageEnvSchema.safeParse(env);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '(env)')))];
    throw new AppError('config_invalid', `Missing or invalid environment variables: ${names.join(', ')} (DATABASE_URL: postgres://user:password@host:5432/database)`);
  }
  return Object.freeze({ databaseUrl: new ConnectionUrl(parsed.data.DATABASE_URL), encryptionKey: parsed.data.ENCRYPTION_KEY });
}

