import { parseArgs } from 'node:util';
import { loadStorageConfig } from '../config.js';
import { toAppError } from '../shared/errors.js';
import { migrate } from '../store/postgres/index.js';

// `npm run migrate [-- --dry-run]`: applies the pending PostgreSQL migrations (src/store/postgres/migrations)
// to DATABASE_URL. The app does the same at start-up unless DATABASE_MIGRATE_ON_START=false;
// either way a lock makes concurrent runs wait for each other.

const USAGE = `Usage: DATABASE_URL=postgres://… npm run migrate [-- --dry-run]
  Applies the pending migrations in one transaction; --dry-run lists them without applying.`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { databaseUrl } = loadStorageConfig(process.env);
  const dryRun = values['dry-run'] ?? false;
  const names = await migrate({ connectionString: databaseUrl.reveal(), dryRun });
  const where = databaseUrl.describe();
  if (names.length === 0) process.stdout.write(`${where}: the schema is current, nothing to apply.\n`);
  else process.stdout.write(`${where}: ${dryRun ? 'would apply' : 'applied'} ${names.length} migration(s):\n${names.map((n) => `  ${n}\n`).join('')}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const e = toAppError(err);
    process.stderr.write(`migrate failed (${e.code}): ${e.message}\n${e.code === 'config_invalid' ? `${USAGE}\n` : ''}`);
    process.exit(1);
  },
);
