import pLimit from 'p-limit';
import { stopReason } from '../jobs/job-runner.js';
import { toAppError } from '../shared/errors.js';
import type { SyncDefinition } from './definition.js';
import { enrolContact, MAX_CREATED_REMEMBERED, MAX_KNOWN_REFERRERS, stopsRun, type EnrolContext } from './enrol.js';
import type { Logger } from './logger.js';
import type { Clock, ContactSource, IntercomContact, ReferralDirectory } from './ports.js';
import type { SyncRepositories } from './repositories.js';
import { loadReferrers, refreshesCounts, refreshPage } from './refresh-counts.js';
import { CHECKPOINT_MARGIN_SECONDS, decodePosition, encodePosition, type RunPosition } from './run-position.js';
import type { SyncRun } from './run-record.js';
import { RunTally } from './run-tally.js';
import { nextRunAt } from './scheduler.js';
import { ensureReturnAttributes } from './write-back.js';

export interface ExecuteDeps {
  repos: SyncRepositories;
  clock: Clock;
  source: ContactSource;
  directory: ReferralDirectory;
  logger: Logger;
  /** Contacts per Intercom page (max 150). */
  pageSize: number;
  /** Contacts enrolled at once within a page; RF's per-key budget paces the calls anyway. */
  concurrency: number;
  /** Live progress of the runs going in this process, read between page saves. */
  live?: Map<string, RunTally>;
}

class Stopped extends Error {}

/**
 * Runs (or resumes) one queued run to its end. Saves progress and the resume position after each
 * fully processed page; replaying a page is harmless (create → email_taken → link).
 */
export async function executeRun(deps: ExecuteDeps, runId: string, signal: AbortSignal): Promise<void> {
  const { clock } = deps;
  const { runs } = deps.repos;
  const run = await runs.get(runId);
  if (!run) return;
  const def = run.definition ?? (await deps.repos.definitions.get(run.syncId));
  const state = await deps.repos.states.get(run.syncId);
  if (!def) return finish(deps, run, new RunTally(run), { status: 'failed', failureReason: 'not_found: the sync definition was deleted' });
  const tally = new RunTally(run);
  deps.live?.set(runId, tally);
  const startedAt = run.startedAt ?? clock.now();
  await runs.saveProgress(runId, { status: 'running', startedAt });
  const first: RunPosition = { phase: run.mode === 'retry_failed' ? 'retry' : 'contacts', cursor: null, offset: 0 };
  let pos = decodePosition(state.inFlight?.runId === runId ? state.inFlight.cursor : null, first);
  const save = (next: RunPosition, pageStartedAt: number | null) =>
    runs.saveProgress(runId, tally.snapshot(), { cursor: encodePosition(next), pageStartedAt });

  try {
    const campaign = await deps.directory.getCampaign(def.campaignId);
    await ensureReturnAttributes(deps.source, def.returnMapping);
    const known = await loadReferrers(deps.directory, def.campaignId);
    const knownLimit = Math.min(MAX_KNOWN_REFERRERS, (known?.size ?? 0) + MAX_CREATED_REMEMBERED);
    const ctx: EnrolContext = { def, campaign, source: deps.source, directory: deps.directory, known, knownLimit };
    const limit = pLimit(Math.max(1, deps.concurrency));
    const checkpoint = run.mode === 'incremental' ? state.updatedSince : null;
    // Counts change in RF without the contact changing, so an incremental run that writes counts back
    // reads the whole audience once: changed contacts are enrolled, the others get their counts
    // refreshed. One Intercom call per page instead of a second pass.
    const singlePass = run.mode === 'incremental' && refreshesCounts(def) && known !== null;
    // Retried contacts already handled by this run's pages are not enrolled twice (only those ids are remembered).
    const retrying = new Set(state.retryContactIds);
    const seen = new Set<string>();

    const processAll = async (contacts: IntercomContact[]) => {
      const unchanged: IntercomContact[] = [];
      await Promise.all(
        contacts.map((c) =>
          limit(async () => {
            if (signal.aborted) return;
            if (retrying.has(c.id)) seen.add(c.id);
            if (checkpoint !== null && c.updatedAt <= checkpoint) {
              if (singlePass) unchanged.push(c);
              return tally.skipUnchanged();
            }
            tally.add(await enrolContact(ctx, c));
          }),
        ),
      );
      if (signal.aborted) throw new Stopped();
      if (unchanged.length > 0 && known) {
        const res = await refreshPage(deps.source, def, known, unchanged);
        tally.refreshed += res.refreshed;
        for (const f of res.failures) tally.add(f);
      }
    };

    while (pos.phase === 'contacts') {
      const pageStartedAt = clock.now();
      const page = await deps.source.pageAudience(def.audience, { cursor: pos.cursor, updatedSince: singlePass ? null : (run.since ?? null), perPage: deps.pageSize });
      if (pos.cursor === null) tally.audienceSize = page.totalCount;
      await processAll(page.contacts);
      pos = page.nextCursor ? { phase: 'contacts', cursor: page.nextCursor, offset: 0 } : { phase: 'retry', cursor: null, offset: 0 };
      await save(pos, pageStartedAt);
    }

    if (pos.phase === 'retry') {
      const ids = state.retryContactIds;
      if (run.mode === 'retry_failed' && pos.offset === 0) tally.audienceSize = ids.length;
      while (pos.offset < ids.length) {
        const pageStartedAt = clock.now();
        const batch = ids.slice(pos.offset, pos.offset + deps.pageSize).filter((id) => !seen.has(id));
        const contacts: IntercomContact[] = [];
        for (const id of batch) {
          try {
            const contact = await deps.source.getContact(id);
            // A retried contact is processed whatever its updated_at says.
            if (contact) contacts.push({ ...contact, updatedAt: Number.MAX_SAFE_INTEGER });
            else tally.add({ kind: 'skipped', contactId: id, reason: 'contact_not_found', message: 'The contact no longer exists in Intercom' });
          } catch (err) {
            if (stopsRun(err)) throw err;
            const e = toAppError(err);
            tally.add({ kind: 'failed', contactId: id, code: e.code, message: e.message });
          }
        }
        await processAll(contacts);
        pos = { phase: 'retry', cursor: null, offset: pos.offset + deps.pageSize };
        await save(pos, pageStartedAt);
      }
      pos = { phase: run.mode === 'incremental' && refreshesCounts(def) && !singlePass ? 'refresh' : 'done', cursor: null, offset: 0 };
      await save(pos, null);
    }

    if (pos.phase === 'refresh') {
      // Only reached when the campaign has too many referrers to hold (known === null): counts are
      // then refreshed per contact as contacts change, not in one pass.
      deps.logger.warn({ runId, syncId: def.id }, 'campaign too large to refresh referral counts in one pass');
      pos = { phase: 'done', cursor: null, offset: 0 };
    }
    const status = tally.counts.failed > 0 ? 'finished_with_errors' : 'succeeded';
    await finish(deps, run, tally, { status, startedAt, def });
  } catch (err) {
    const reason = stopReason(signal);
    if (err instanceof Stopped || reason) {
      // Shutdown: leave the run and its position in place; the next start resumes it.
      // (Progress stays as saved at the last page boundary: the page in hand is replayed, not double-counted.)
      if (reason === 'shutdown') return void deps.live?.delete(runId);
      return finish(deps, run, tally, { status: 'cancelled', startedAt });
    }
    const e = toAppError(err);
    deps.logger.warn({ runId, code: e.code }, 'sync run failed');
    await finish(deps, run, tally, { status: 'failed', startedAt, failureReason: `${e.code}: ${e.message}` });
  }
}

async function finish(
  deps: ExecuteDeps,
  run: SyncRun,
  tally: RunTally,
  end: { status: SyncRun['status']; startedAt?: number; failureReason?: string; def?: SyncDefinition },
): Promise<void> {
  const now = deps.clock.now();
  const completed = end.status === 'succeeded' || end.status === 'finished_with_errors';
  // The definition as it is now (it may have been edited or disabled during the run) sets the next run.
  const current = await deps.repos.definitions.get(run.syncId);
  const def = end.def ?? current;
  const { failedIds, ...progress } = tally.snapshot();
  deps.live?.delete(run.id);
  await deps.repos.runs.finish(
    run.id,
    { ...progress, status: end.status, endedAt: now, startedAt: end.startedAt ?? run.startedAt ?? now, ...(end.failureReason ? { failureReason: end.failureReason } : {}) },
    (state) => {
      const failed = failedIds ?? [];
      // Completed runs retried the previous failures themselves; otherwise keep them for next time.
      state.retryContactIds = completed ? failed : [...new Set([...state.retryContactIds, ...failed])];
      if (completed && run.mode !== 'retry_failed') {
        state.updatedSince = Math.floor((end.startedAt ?? now) / 1000) - CHECKPOINT_MARGIN_SECONDS;
        state.lastCompletedAt = now;
      }
      state.nextRunAt = nextRunAt(current, now);
    },
  );
  deps.logger.info({ runId: run.id, syncId: run.syncId, status: end.status, counts: tally.counts, def: def?.id }, 'sync run ended');
}
