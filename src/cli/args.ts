import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';

const ArgsSchema = z
  .object({
    workspace: z.string().min(1),
    sync: z.string().min(1).optional(),
    segment: z.string().min(1).optional(),
    audience: z.enum(['leads', 'users', 'all']).optional(),
    dryRun: z.boolean().default(false),
    mode: z.enum(['full', 'incremental', 'retry_failed']).optional(),
    data: z.string().min(1).optional(),
    intercomUrl: z.url().optional(),
    intercomToken: z.string().min(1).optional(),
    rfUrl: z.url().optional(),
    rfKey: z.string().min(1).optional(),
    campaign: z.coerce.number().int().positive().optional(),
    pageSize: z.coerce.number().int().min(1).max(150).optional(),
    rfRatePerMinute: z.coerce.number().int().positive().optional(),
    rfWindowMs: z.coerce.number().int().positive().optional(),
    plain: z.boolean().default(false),
  })
  .refine((a) => [a.sync, a.segment, a.audience].filter(Boolean).length === 1, { message: 'give exactly one of --sync, --segment, --audience' });
export type CliArgs = z.infer<typeof ArgsSchema>;

export const USAGE = `Usage: npm run sync -- --workspace W (--sync ID | --segment S | --audience leads|users|all) [--dry-run]
  [--mode full|incremental|retry_failed] [--data FILE] [--plain]
  By default it uses the app's environment (as npm start does) and its data file: stop the app
  first, since the data file is single-process.
  Standalone (no app configuration): --intercom-url URL --rf-url URL --campaign ID [--page-size N]
  with tokens from INTERCOM_TOKEN and RF_API_KEY (or --intercom-token / --rf-key, visible to ps);
  --rf-rate-per-minute N --rf-window-ms MS scale RF's budget (N calls per window) for stand-ins.`;

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Parses argv (flags only) and the environment's tokens; throws config_invalid with a readable message. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliArgs {
  const names = ['workspace', 'sync', 'segment', 'audience', 'mode', 'data', 'intercom-url', 'intercom-token', 'rf-url', 'rf-key', 'campaign', 'page-size', 'rf-rate-per-minute', 'rf-window-ms'];
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
      'dry-run': { type: 'boolean' },
      plain: { type: 'boolean' },
    },
    strict: true,
  });
  const raw: Record<string, unknown> = Object.fromEntries(Object.entries(values).map(([k, v]) => [camel(k), v]));
  raw.intercomToken ??= env.INTERCOM_TOKEN;
  raw.rfKey ??= env.RF_API_KEY;
  raw.data ??= env.DATA_FILE;
  const parsed = ArgsSchema.safeParse(raw);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
    throw new AppError('config_invalid', `${msg}\n${USAGE}`);
  }
  return parsed.data;
}
