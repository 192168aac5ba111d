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
  [--mode full|incremental|retry_failed] [--data FILE] [--campaign ID] [--plain] [--help]
  --segment and --audience use the mapping of the workspace's sync into --campaign (needed when it
  has syncs into several campaigns; with none, a default mapping into --campaign).
  By default it uses the app's environment (as npm start does) and its data file: stop the app
  first, since the data file is single-process.
  Standalone (no app configuration): --intercom-url URL --rf-url URL --campaign ID [--page-size N]
  with tokens from INTERCOM_TOKEN and RF_API_KEY (or --intercom-token / --rf-key, visible to ps);
  --rf-rate-per-minute N --rf-window-ms MS scale RF's budget (N calls per window) for stand-ins.
  Private-app mode (INTERCOM_ACCESS_TOKEN): RF_API_KEY connects Referral Factory (stored encrypted), so a
  first sync needs no inbox: npm run sync -- --workspace W --audience all --campaign ID.`;

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One problem with the arguments in the usage's words (never zod's, never a value given). */
function describeIssue(i: z.core.$ZodIssue): string {
  const name = i.path[0];
  if (name === undefined) return i.message;
  const flag = `--${kebab(String(name))}`;
  if (i.code === 'invalid_type' && name === 'workspace') return '--workspace W is required (the Intercom workspace id)';
  if (i.code === 'invalid_value') return `${flag} must be one of ${i.values.join(', ')}`;
  if (i.code === 'invalid_format' && i.format === 'url') return `${flag} must be a URL`;
  if (i.code === 'too_small' || i.code === 'too_big' || (i.code === 'invalid_type' && i.expected === 'number')) return `${flag} is out of range or not a whole number`;
  return `${flag} is not valid`;
}

/** Parses argv (flags only) and the environment's tokens; `help` for --help; throws config_invalid with a readable message. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const names = ['workspace', 'sync', 'segment', 'audience', 'mode', 'data', 'intercom-url', 'intercom-token', 'rf-url', 'rf-key', 'campaign', 'page-size', 'rf-rate-per-minute', 'rf-window-ms'];
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
        'dry-run': { type: 'boolean' },
        plain: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    // node:util's own words ("Unknown option '--x'", "Option '--sync <value>' argument missing"), first sentence only.
    const first = (err instanceof Error ? err.message : String(err)).split('. ')[0];
    throw new AppError('config_invalid', `${first}.\n${USAGE}`);
  }
  const raw: Record<string, unknown> = Object.fromEntries(Object.entries(values).map(([k, v]) => [camel(k), v]));
  raw.intercomToken ??= env.INTERCOM_TOKEN;
  raw.rfKey ??= env.RF_API_KEY;
  raw.data ??= env.DATA_FILE;
  const parsed = ArgsSchema.safeParse(raw);
  if (!parsed.success) {
    const msg = [...new Set(parsed.error.issues.map(describeIssue))].join('; ');
    throw new AppError('config_invalid', `${msg}\n${USAGE}`);
  }
  return parsed.data;
}
