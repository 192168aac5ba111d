import { randomUUID } from 'node:crypto';
import { createInProcessJobRunner } from '../jobs/in-process-runner.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { AppError, isAppError } from '../shared/errors.js';
import { SyncDefinitionInputSchema, type SaveDefinitionResult, type SyncDefinitionInput } from './definition-input.js';
import { saveSyncDefinition } from './save-definition.js';
import { derivedDefinitionId, isWizardDefinition, type SyncDefinition } from './definition.js';
import { createContactActions, primaryDefinition } from './contact-actions.js';
import { dryRun as runDry, type DryRunReport } from './dry-run.js';
import { executeRun } from './execute-run.js';
import { silentLogger, type Logger } from './logger.js';
import type { CallPriority, Clock, ContactSource, ReferralDirectory } from './ports.js';
import { isActive, type SyncRepositories } from './repositories.js';
import { DEFAULT_OUTAGE_POLICY, realSleep, type Sleep } from './outage.js';
import { DEFAULT_INDEX_LAG_MINUTES, incrementalBound } from './run-position.js';
import { emptyCounts, type RunTrigger, type SyncRun } from './run-record.js';
import type { RunTally } from './run-tally.js';
import { DEFAULT_RECONCILE_HOURS, nextRunAt, plannedMode } from './scheduler.js';
export type { NextRunPlan } from './next-run-plan.js';
import type { SyncState } from './sync-state.js';
import { planNextRun, type NextRunPlan } from './next-run-plan.js';
import type { IncomingEventRepository, NewIncomingEvent, RecordResult } from '../events/incoming-event.js';
import type { RecentWrites } from './echo-guard.js';
import { wireEvents } from './event-wiring.js';
import type { JoinerContactRepository } from './joiner-contacts.js';

export interface SyncServiceDeps {
  repos: SyncRepositories;
  clock: Clock;
  contactsFor(workspaceId: string): Promise<ContactSource>;
  /** RF with the workspace's key; its calls wait in the key's budget as `priority` (runs: bulk; a person waiting: interactive). */
  referralsFor(workspaceId: string, priority: CallPriority): Promise<ReferralDirectory>;
  jobs?: JobRunner;
  logger?: Logger;
  /** Scheduler tick (SYNC_TICK); default 60 s. */
  tickSeconds?: number;
  /** Contacts per Intercom page; default 150 (Intercom's maximum). */
  pageSize?: number;
  /** Contacts enrolled at once; default 4. */
  concurrency?: number;
  /** Full reconciliation period of ongoing syncs (SYNC_RECONCILE_HOURS); default 24. */
  reconcileHours?: number;
  /** Look-back for Intercom's search-index delay (SYNC_INDEX_LAG_MINUTES); default 15. */
  indexLagMinutes?: number;
  /** Longest outage a run waits out before failing (SYNC_OUTAGE_LIMIT_MINUTES); default 30. */
  outageLimitMinutes?: number;
  /** How runs pause while waiting out an outage; tests move a clock instead of waiting. */
  sleep?: Sleep;
  /** Incoming events (webhooks); without it the service takes none. */
  events?: IncomingEventRepository;
  /** The app's own attribute writes, to know their echo (echo-guard.ts); default: in this process. */
  recentWrites?: RecentWrites;
  /** Intercom contacts made for RF-page joiners (joiner-contacts.ts); default: in this process. */
  joinerContacts?: JoinerContactRepository;
}

export type RunMode = SyncRun['mode'];

export type StartRunResult = { started: true; run: SyncRun } | { started: false; reason: 'busy'; run: SyncRun };


export function createSyncService(deps: SyncServiceDeps) {
  const { definitions, states, runs } = deps.repos;
  const logger = deps.logger ?? silentLogger;
  const jobs = deps.jobs ?? createInProcessJobRunner((key, err) => logger.error({ key, err: String(err) }, 'sync job crashed'));
  const pageSize = Math.min(Math.max(deps.pageSize ?? 150, 1), 150);
  const concurrency = deps.concurrency ?? 4;
  const reconcileMs = (deps.reconcileHours ?? DEFAULT_RECONCILE_HOURS) * 3_600_000;
  const indexLagSeconds = (deps.indexLagMinutes ?? DEFAULT_INDEX_LAG_MINUTES) * 60;
  const outage = deps.outageLimitMinutes === undefined ? DEFAULT_OUTAGE_POLICY : { ...DEFAULT_OUTAGE_POLICY, limitMs: deps.outageLimitMinutes * 60_000 };
  const sleep = deps.sleep ?? realSleep;
  const live = new Map<string, RunTally>();

  /** A run as callers see it: live progress overlaid, without the engine's internal snapshot and retry list. */
  const publicRun = (run: SyncRun): SyncRun => {
    const tally = live.get(run.id);
    const merged = tally && (run.status === 'running' || run.status === 'queued') ? { ...run, ...tally.snapshot() } : run;
    const { definition: _d, failedIds: _f, ...rest } = structuredClone(merged);
    return rest;
  };

  const eventJobs = deps.events
    ? wireEvents({ ...deps, events: deps.events, jobs, logger, listDefinitions: definitions.listByWorkspace })
    : null;

  const actions = createContactActions({ listDefinitions: definitions.listByWorkspace, contactsFor: deps.contactsFor, referralsFor: deps.referralsFor });

  /** A run's job, wherever it executes: runs it unless it ended meanwhile (cancelled while queued, or finished before a hand-back). */
  async function runJob(runId: string, signal: AbortSignal): Promise<void> {
    const run = await runs.get(runId);
    if (!run || !isActive(run)) return;
    try {
      const [source, directory] = await Promise.all([deps.contactsFor(run.workspaceId), deps.referralsFor(run.workspaceId, 'bulk')]);
      await executeRun({ repos: deps.repos, clock: deps.clock, source, directory, logger, pageSize, concurrency, live, indexLagSeconds, outage, sleep }, run.id, signal);
    } catch (err) {
      // Could not even connect (not installed, RF disconnected): the run fails with that reason.
      const e = isAppError(err) ? err : new AppError('internal', String(err));
      await endRun(run, 'failed', `${e.code}: ${e.message}`);
    }
  }

  async function endRun(run: SyncRun, status: 'failed' | 'cancelled', failureReason?: string): Promise<void> {
    const now = deps.clock.now();
    const def = await definitions.get(run.syncId);
    await runs.finish(run.id, { status, endedAt: now, ...(failureReason ? { failureReason } : {}) }, (state) => {
      state.nextRunAt = nextRunAt(def, now);
      if (status === 'failed') state.lastFailedAt = now;
    });
  }

  /** Queues the run's job. If the queue cannot be reached, the run stays in flight and the next tick queues it again. */
  async function launch(run: SyncRun): Promise<boolean> {
    try {
      return await jobs.submitRun(run.id);
    } catch (err) {
      logger.error({ runId: run.id, err: String(err) }, 'could not queue the run; the scheduler queues it again');
      return false;
    }
  }

  async function tick(): Promise<void> {
    for (const def of await definitions.listDue(deps.clock.now())) {
      await startRun(def.id, { trigger: 'schedule' }).catch((err: unknown) => logger.warn({ syncId: def.id, err: String(err) }, 'scheduled start failed'));
    }
    // A run in flight whose job was lost (the queue's data gone, an enqueue that failed) is queued
    // again; a run whose job is queued or running is not queued twice. The same for events.
    await resumeInFlight();
    await eventJobs?.replay();
  }

  jobs.bind({
    run: runJob,
    tick,
    async abandon(runId, reason) {
      const run = await runs.get(runId);
      if (run && isActive(run)) await endRun(run, 'failed', reason);
    },
    event: async (eventId, attempt) => eventJobs?.process(eventId, attempt),
  });

  async function startRun(syncId: string, opts: { trigger: RunTrigger; mode?: RunMode }): Promise<StartRunResult> {
    const def = await definitions.get(syncId);
    if (!def) throw new AppError('not_found', `No sync ${syncId}`);
    const state = await states.get(syncId);
    const planned = plannedMode(def, state, deps.clock.now(), reconcileMs);
    const mode = opts.mode ?? planned.mode;
    const fullReason = mode !== 'full' || def.schedule.type !== 'ongoing' ? undefined : opts.mode ? 'requested' : planned.fullReason;
    const run: SyncRun = {
      id: `run_${randomUUID()}`,
      syncId,
      workspaceId: def.workspaceId,
      trigger: opts.trigger,
      mode,
      status: 'queued',
      audienceSize: null,
      processed: 0,
      counts: emptyCounts(),
      issues: [],
      queuedAt: deps.clock.now(),
      startedAt: null,
      endedAt: null,
      definition: structuredClone(def),
      since: mode === 'incremental' ? incrementalBound(state.updatedSince) : null,
      ...(fullReason ? { fullReason } : {}),
    };
    const claim = await runs.claim(run);
    if (!claim.started) return { started: false, reason: 'busy', run: publicRun(claim.run) };
    await launch(claim.run);
    return { started: true, run: publicRun(claim.run) };
  }

  const saveDefinition = (input: SyncDefinitionInput | unknown): Promise<SaveDefinitionResult> =>
    saveSyncDefinition({ definitions, clock: deps.clock, contactsFor: deps.contactsFor, referralsFor: deps.referralsFor }, input);

  async function cancelRun(syncId: string): Promise<SyncRun | null> {
    const run = await runs.current(syncId);
    if (!run) return null;
    // Shown as stopping until the run ends (a running run stops at its next contact).
    await runs.saveProgress(run.id, { stopRequestedAt: deps.clock.now() });
    // Queued but not running anywhere (dropped from the queue, or before `start()` after a restart): end it here.
    if (!(await jobs.cancelRun(run.id))) await endRun(run, 'cancelled');
    return publicRun(run);
  }

  /** Queues the runs left queued or running (their position is in `syncState.inFlight`); those already queued or running are not queued twice. */
  async function resumeInFlight(): Promise<SyncRun[]> {
    const resumed: SyncRun[] = [];
    for (const run of await runs.listInFlight()) {
      if (await launch(run)) resumed.push(publicRun(run));
    }
    return resumed;
  }

  return {
    saveDefinition,
    getDefinition: (id: string): Promise<SyncDefinition | null> => definitions.get(id),
    listDefinitions: (workspaceId: string): Promise<SyncDefinition[]> => definitions.listByWorkspace(workspaceId),
    /** The sync's scheduling state (last completed run, next run, checkpoint). */
    getState: (syncId: string): Promise<SyncState> => states.get(syncId),
    async deleteDefinition(id: string): Promise<boolean> {
      if (!(await definitions.get(id))) return false;
      await cancelRun(id);
      await definitions.delete(id);
      return true;
    },
    async setEnabled(id: string, enabled: boolean): Promise<SyncDefinition | null> {
      const def = await definitions.get(id);
      if (!def) return null;
      const next = { ...def, enabled, updatedAt: deps.clock.now() };
      await definitions.put(next);
      return structuredClone(next);
    },
    startRun,
    /** Whether the next run of a definition (as the wizard is about to save it) reads the whole audience. */
    planNextRun: (input: SyncDefinitionInput | unknown): Promise<NextRunPlan> =>
      planNextRun({ repos: deps.repos, clock: deps.clock, contactsFor: deps.contactsFor, logger, reconcileMs }, input),
    /**
     * A one-time run of a segment with the campaign and mapping of one of the workspace's syncs
     * (`baseSyncId`; default its first). Its runs belong to that sync's history (`parentId`).
     */
    /** `startedBy`: the teammate who starts it (kept as the definition's createdBy: they may stop its run). */
    async runSegmentOnce(workspaceId: string, segmentId: string, trigger: RunTrigger, segmentName?: string, baseSyncId?: string, startedBy?: string): Promise<StartRunResult> {
      const chosen = baseSyncId ? await definitions.get(baseSyncId) : null;
      if (baseSyncId && (!chosen || chosen.workspaceId !== workspaceId || !isWizardDefinition(chosen))) throw new AppError('not_found', 'That sync no longer exists');
      const base = chosen ?? (await primaryDefinition({ listDefinitions: definitions.listByWorkspace }, workspaceId));
      const id = derivedDefinitionId('segment', workspaceId, base.id, segmentId);
      const now = deps.clock.now();
      // A run of it going (someone else's): left as it is, starter included.
      const going = await runs.current(id);
      if (going) return { started: false, reason: 'busy', run: publicRun(going) };
      const existing = await definitions.get(id);
      await definitions.put({
        ...structuredClone(base),
        id,
        audience: { kind: 'segment', segmentId, ...(segmentName ? { segmentName } : {}) },
        schedule: { type: 'one_time' },
        enabled: true,
        origin: 'segment_once',
        parentId: base.id,
        ...(startedBy ? { createdBy: startedBy } : {}),
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      });
      return startRun(id, { trigger, mode: 'full' });
    },
    async dryRun(input: SyncDefinitionInput | unknown): Promise<DryRunReport> {
      const parsed = SyncDefinitionInputSchema.safeParse(input);
      if (!parsed.success) throw new AppError('mapping_invalid', parsed.error.issues[0]?.message ?? 'Invalid sync definition');
      const now = deps.clock.now();
      const def: SyncDefinition = { ...parsed.data, id: parsed.data.id ?? 'dry-run', createdAt: now, updatedAt: now };
      const [source, directory] = await Promise.all([deps.contactsFor(def.workspaceId), deps.referralsFor(def.workspaceId, 'interactive')]);
      const campaign = await directory.getCampaign(def.campaignId);
      return runDry({ def, campaign, source, directory });
    },
    async getRun(runId: string): Promise<SyncRun | null> {
      const run = await runs.get(runId);
      return run ? publicRun(run) : null;
    },
    listRuns: async (syncId: string): Promise<SyncRun[]> => (await runs.listBySync(syncId)).map(publicRun),
    async currentRun(syncId: string): Promise<SyncRun | null> {
      const run = await runs.current(syncId);
      return run ? publicRun(run) : null;
    },
    cancelRun,
    enrolContact: actions.enrolContact,
    refreshContact: actions.refreshContact,
    resumeInFlight,
    /** Stores an incoming event and queues its processing; resolves once it is stored (then it may be acknowledged). */
    async receiveEvent(input: NewIncomingEvent): Promise<RecordResult> {
      if (!eventJobs) throw new AppError('internal', 'This service takes no events');
      return eventJobs.receive(input);
    },
    /** The workspace's recent events, newest first (what the app did with each). */
    recentEvents: async (workspaceId: string, limit = 20) => (eventJobs ? eventJobs.recent(workspaceId, limit) : []),
    /**
     * Where this process executes jobs, queues the runs left in flight by a process that stopped;
     * then the scheduler ticks every `tickSeconds` (once per interval across all processes).
     */
    async start(): Promise<void> {
      if (jobs.executes) {
        await resumeInFlight();
        // The embedded store has one process: an event it was processing when it stopped is nobody's now.
        if (!deps.jobs) await eventJobs?.releaseAll();
        await eventJobs?.replay();
      }
      await jobs.start({ tickSeconds: deps.tickSeconds ?? 60 });
    },
    /** Stops the scheduler; running runs stop after the page in hand and are handed back (they resume on the next `start()` or another worker). */
    async stop(): Promise<void> {
      await jobs.stop();
    },
    /** Runs the scheduler once (tests, CLI). */
    tick,
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
