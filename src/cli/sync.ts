import { buildAppDeps } from '../app-deps.js';
import { connectReferralFactoryFromEnvironment, ensurePrivateInstallation } from '../install/private-app.js';
import { loadConfig } from '../config.js';
import { openConfiguredLimits } from '../integrations/open-limits.js';
import { AppError, isAppError, toAppError } from '../shared/errors.js';
import { silentLogger } from '../shared/logger.js';
import { openLowdbRepositories, openMemoryRepositories } from '../store/lowdb/index.js';
import { openConfiguredRepositories } from '../store/open.js';
import type { SyncDefinitionInput } from '../sync/definition-input.js';
import { type SyncDefinition, derivedDefinitionId, isWizardDefinition } from '../sync/definition.js';
import type { SyncRun } from '../sync/run-record.js';
import { createSyncService, type StartRunResult, type SyncService } from '../sync/sync-service.js';
import { RUN_STATUS_LABELS } from '../../canvas/screens/run-progress.js';
import { USAGE, parseCliArgs, type CliArgs } from './args.js';
import { progressView } from './progress.js';
import { summaryLines } from './report.js';
import { checkRfUrl } from './rf-url-check.js';
import { standaloneDeps } from './standalone-deps.js';

// Operators' command line (issue #4 §9): npm run sync -- --workspace W (--sync ID | --segment S | --audience …) [--dry-run]

const DEFAULT_RETURN = { referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count', converted_referrals_count: 'rf_converted_referrals_count' };

/**
 * The sync whose mapping a --segment/--audience run uses: the one into --campaign, or the only one.
 * With several syncs and no --campaign it asks which (the two flags must never pick different syncs).
 * Undefined: no sync (into that campaign) yet, so a default mapping into --campaign.
 */
async function baseSync(service: SyncService, args: CliArgs): Promise<SyncDefinition | undefined> {
  const syncs = (await service.listDefinitions(args.workspace)).filter(isWizardDefinition).sort((a, b) => b.updatedAt - a.updatedAt);
  if (args.campaign !== undefined) return syncs.find((d) => d.campaignId === args.campaign);
  const campaigns = [...new Map(syncs.map((d) => [d.campaignId, d.campaignName ?? `Campaign ${d.campaignId}`])).entries()];
  if (campaigns.length > 1) {
    const choices = campaigns.map(([id, name]) => `--campaign ${id} (${name})`);
    throw new AppError('config_invalid', `This workspace has syncs into ${campaigns.length} campaigns: give ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}.`);
  }
  return syncs[0];
}

/** The definition an --audience (or, with no sync yet, a --segment) run uses: the base sync's mapping, else a default one into --campaign. */
function adHocInput(base: SyncDefinition | undefined, args: CliArgs): SyncDefinitionInput {
  const audience = args.segment ? { kind: 'segment' as const, segmentId: args.segment } : { kind: args.audience ?? 'all' };
  const scope = args.segment ? `segment:${args.segment}` : `audience:${args.audience ?? 'all'}`;
  // One derived sync per base sync and audience, so runs into two campaigns keep their own checkpoints.
  const id = derivedDefinitionId('cli', args.workspace, base ? `${base.id}:${scope}` : scope);
  if (base) return { ...base, id, audience, schedule: { type: 'one_time' }, enabled: true, createdBy: 'cli', origin: 'cli' };
  if (!args.campaign) throw new AppError('config_invalid', 'No sync is configured for this workspace: give --campaign to use the default mapping');
  return {
    id,
    workspaceId: args.workspace,
    campaignId: args.campaign,
    audience,
    fieldMapping: [
      { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
      { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'trim' },
    ],
    returnMapping: DEFAULT_RETURN,
    schedule: { type: 'one_time' },
    enabled: true,
    createdBy: 'cli',
    origin: 'cli',
  };
}

async function follow(service: SyncService, runId: string, tty: boolean): Promise<SyncRun> {
  const view = progressView(tty, process.stdout);
  try {
    for (;;) {
      const run = await service.getRun(runId);
      if (!run) throw new AppError('not_found', `Run ${runId} disappeared`);
      view.update(run);
      if (run.status !== 'queued' && run.status !== 'running') return run;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    view.stop();
  }
}

/**
 * With --intercom-url: standalone, Intercom and RF from flags (the sandbox, a private app).
 * Otherwise the app's own configuration and data file, wired by the composition root's buildAppDeps.
 */
async function openService(args: CliArgs): Promise<{ service: SyncService; close(): Promise<void> }> {
  if (args.intercomUrl) {
    const { contacts, referrals } = standaloneDeps(args);
    // Before the data file is opened (and locked): a wrong --rf-url ends the CLI here.
    if (args.rfUrl) await checkRfUrl(referrals, args.rfUrl);
    const repos = args.data ? await openData(args.data) : await openMemoryRepositories();
    const service = createSyncService({
      repos,
      clock: { now: () => Date.now() },
      contactsFor: async () => contacts,
      referralsFor: async () => referrals,
      ...(args.pageSize ? { pageSize: args.pageSize } : {}),
    });
    return { service, close: () => repos.close() };
  }
  const config = loadConfig(process.env);
  // The app's own store: PostgreSQL in the distributed mode, else --data or DATA_FILE (locked while the CLI runs).
  const repos = config.distributed
    ? await openConfiguredRepositories(config, silentLogger(), 'cli')
    : await openData(args.data ?? config.dataFile);
  // The run goes on in this process, but its RF calls come from the key's one budget in Redis (and its
  // Intercom calls from the workspace's shared window), beside the workers' runs: never twice the key's rate.
  const limits = await openConfiguredLimits(config, silentLogger());
  const deps = buildAppDeps({ config, repos, limits });
  if (config.intercom.accessToken) {
    // Private-app mode: the installation and RF_API_KEY as the app itself sets them up at start, so a first sync can be scripted.
    const inst = await ensurePrivateInstallation(config.intercom.accessToken, { auth: deps.intercomAuth, installations: deps.installations });
    if (config.privateRfApiKey) await connectReferralFactoryFromEnvironment(inst.workspaceId, config.privateRfApiKey, deps);
  }
  return { service: deps.sync, close: () => limits.close().finally(() => repos.close()) };
}

/** The data file, locked while the CLI runs: refused while the app (or another CLI) has it. */
async function openData(file: string) {
  try {
    return await openLowdbRepositories(file, { role: 'cli' });
  } catch (err) {
    if (!isAppError(err, 'store_locked')) throw err;
    throw new AppError('store_locked', `${err.message}\nThe CLI cannot run while the app runs on the same data file: start the run from the app (Sync settings › Sync now), or stop the app first.`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv, process.env);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { service, close } = await openService(args);
  const shutdown = () => void service.stop().then(close).finally(() => process.exit(130));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  if (args.dryRun) {
    const def = args.sync ? await service.getDefinition(args.sync) : adHocInput(await baseSync(service, args), args);
    if (!def) throw new AppError('not_found', `No sync ${args.sync}`);
    const report = await service.dryRun(def);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    await close();
    return 0;
  }

  // A run a killed process left behind goes on first; starting the same sync then reports it as busy.
  await service.resumeInFlight();
  let started: StartRunResult;
  if (args.sync) {
    started = await service.startRun(args.sync, { trigger: 'cli', ...(args.mode ? { mode: args.mode } : {}) });
  } else {
    const base = await baseSync(service, args);
    if (args.segment && base) {
      // As a teammate's segment sync from the inbox: the base sync's mapping, its run in that sync's history.
      started = await service.runSegmentOnce(args.workspace, args.segment, 'cli', undefined, base.id);
    } else {
      const saved = await service.saveDefinition(adHocInput(base, args));
      if (!saved.ok) throw new AppError('mapping_invalid', saved.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
      started = await service.startRun(saved.definition.id, { trigger: 'cli', mode: args.mode ?? 'full' });
    }
  }
  if (!started.started) process.stdout.write(`A run of this sync is already going (${started.run.id}); following it.\n`);
  const run = await follow(service, started.run.id, Boolean(process.stdout.isTTY) && !args.plain);
  await service.stop();
  await close();
  // The panel's words (Finished, Finished with errors, Failed, Stopped).
  process.stdout.write(`Run ${run.id}: ${RUN_STATUS_LABELS[run.status]}${run.failureReason ? ` (${run.failureReason})` : ''}\n`);
  process.stdout.write(summaryLines(run).join('\n') + '\n');
  return run.status === 'failed' || run.status === 'cancelled' ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const e = toAppError(err);
    // Usage errors are said as they are; other failures carry their code for scripts and support.
    process.stderr.write(e.code === 'config_invalid' ? `${e.message}\n` : `${e.code}: ${e.message}\n`);
    process.exit(e.code === 'config_invalid' ? 64 : 1);
  },
);
