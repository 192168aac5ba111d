import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadStorageConfig } from '../config.js';
import { secretsOpenWith } from '../install/installations.js';
import { AppError, toAppError } from '../shared/errors.js';
import { createSecretBox } from '../shared/secret-box.js';
import { openLowdbRepositories } from '../store/lowdb/index.js';
import { importDocument, type ImportReport, type Kind } from '../store/postgres/import-document.js';

// `npm run migrate-store -- --from data/store.json [--overwrite]`: moves an embedded store into
// the PostgreSQL database at DATABASE_URL (see src/store/postgres/import-document.ts).

const USAGE = `Usage: DATABASE_URL=postgres://… [ENCRYPTION_KEY=…] npm run migrate-store -- --from FILE [--overwrite]
  Copies the embedded store FILE (the app's DATA_FILE) into PostgreSQL in one transaction,
  creating the tables first if needed. Stop the embedded app first.
  Secrets are copied as they are, still sealed: run the app with the same ENCRYPTION_KEY. When
  ENCRYPTION_KEY is set here, every secret is checked to open with it before anything is written.
  Records already in PostgreSQL and equal are left alone (running it twice is harmless); any that
  differ stop it with nothing written, unless --overwrite replaces them with the file's version.`;

const LABELS: Record<Kind, string> = {
  installations: 'installations',
  definitions: 'sync definitions',
  states: 'sync states',
  runs: 'runs',
  usedTokens: 'spent tokens',
  joinerContacts: 'RF-page contacts',
};

const list = (ids: string[]) => (ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', '));

function describe(report: ImportReport): string {
  return (Object.keys(LABELS) as Kind[]).map((kind) => {
    const k = report.kinds[kind];
    const parts = [`${k.moved} moved`, `${k.same} already there`];
    if (k.replaced) parts.push(`${k.replaced} replaced`);
    if (k.conflicts.length) parts.push(`${k.conflicts.length} differ (${list(k.conflicts)})`);
    if (k.orphans.length) parts.push(`${k.orphans.length} skipped: their sync no longer exists (${list(k.orphans)})`);
    return `  ${LABELS[kind].padEnd(17)} ${parts.join(', ')}\n`;
  }).join('');
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, overwrite: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.from) throw new AppError('config_invalid', '--from FILE is required');
  const { databaseUrl, encryptionKey } = loadStorageConfig(process.env);
  // npm runs scripts from the package root; a relative path means the caller's directory.
  const from = resolve(process.env['INIT_CWD'] ?? process.cwd(), values.from);
  if (!existsSync(from)) throw new AppError('not_found', `No data file at ${from}`);

  const embedded = await openLowdbRepositories(from, { role: 'migrate-store' });
  try {
    const doc = embedded.document();
    const installations = Object.values(doc.installations);
    let keyNote: string;
    if (encryptionKey) {
      const box = createSecretBox(encryptionKey);
      const unreadable = installations.filter((inst) => !secretsOpenWith(box, inst)).map((inst) => inst.workspaceId);
      if (unreadable.length > 0) {
        throw new AppError('secret_unreadable', `ENCRYPTION_KEY does not open the secrets of ${unreadable.length} installation(s) (${list(unreadable)}): the app could not read them after the move. Nothing was written; use the key that sealed them (the embedded app's ENCRYPTION_KEY).`);
      }
      keyNote = `Secrets were copied sealed; ENCRYPTION_KEY opens those of all ${installations.length} installation(s): run the app with it.\n`;
    } else {
      keyNote = 'Secrets were copied sealed, unchecked (ENCRYPTION_KEY is not set here): run the app with the key that sealed them.\n';
    }

    const report = await importDocument({ connectionString: databaseUrl.reveal() }, doc, { overwrite: values.overwrite ?? false });
    process.stdout.write(`${from} → ${databaseUrl.describe()}${report.written ? '' : ' (refused)'}:\n${describe(report)}`);
    if (!report.written) {
      process.stdout.write('Nothing was written: records already in PostgreSQL differ from the file. Run again with --overwrite to replace them with the file\'s version.\n');
      return 1;
    }
    process.stdout.write(keyNote);
    return 0;
  } finally {
    await embedded.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const e = toAppError(err);
    process.stderr.write(`migrate-store failed (${e.code}): ${e.message}\n${e.code === 'config_invalid' ? `${USAGE}\n` : ''}`);
    process.exit(1);
  },
);
