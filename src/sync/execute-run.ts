import pLimit from 'p-limit';
import { stopReason, stopsAtOnce } from '../jobs/job-runner.js';
import { AppError, isAppError, toAppError } from '../shared/errors.js';
import { withCompanyNames, type CompanyNames } from './company-names.js';
import { definitionKey } from './definition.js';
import { enrolContact, MAX_CREATED_REMEMBERED, MAX_KNOWN_REFERRERS, stopsRun, type EnrolContext } from './enrol.js';
import { finishRun } from './finish-run.js';
import type { Logger } from './logger.js';
import { ride, type OutagePolicy, type Service, type Sleep } from './outage.js';
import type { Clock, ContactSource, IntercomContact, ReferralDirectory } from './ports.js';
import type { SyncRepositories } from './repositories.js';
import { loadReferrers, refreshesCounts, refreshPage } from './refresh-counts.js';
import { decodePosition, encodePosition, type RunPosition } from './run-position.js';
import { RunTally } from './run-tally.js';
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
  /** Look-back under each checkpoint for Intercom's search-index delay (run-position.ts). */
  indexLagSeconds: number;
  /** How long a run waits out an outage, and how (outage.ts). */
  outage: OutagePolicy;
  sleep: Sleep;
  /** Live progress of the runs going in this process, read between page saves. */
  live?: Map<string, RunTally>;
}

class Stopped extends Error {}

/**
 * Contact ids a run remembers to process each contact once, however often its pages return it
 * (Intercom's search cursor is stateless: a contact that moves in the order can come back). About
 * 70 bytes each; past the bound a repeat is processed again, which is harmless (the referrer is
 * then known: no RF write) but counted twice.
 */
export const MAX_SEEN_IDS = 200_000;

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
  if (!def) return finishRun(deps, run, new RunTally(run), { status: 'failed', failureReason: 'not_found: the sync definition was deleted' });
  const tally = new RunTally(run);
  tally.waiting = null;
  deps.live?.set(runId, tally);
  const startedAt = run.startedAt ?? clock.now();
  await runs.saveProgress(runId, { status: 'running', startedAt, waiting: undefined });
  const first: RunPosition = { phase: run.mode === 'retry_failed' ? 'retry' : 'contacts', cursor: null, offset: 0 };
  let pos = decodePosition(state.inFlight?.runId === runId ? state.inFlight.cursor : null, first);
  const save = (next: RunPosition, pageStartedAt: number | null) =>
    runs.saveProgress(runId, tally.snapshot(), { cursor: encodePosition(next), pageStartedAt });
  const rideDeps = {
    clock, sleep: deps.sleep, policy: deps.outage, signal,
    onWait: async (wait: RunTally['waiting']) => {
      tally.waiting = wait;
      await runs.saveProgress(runId, { waiting: wait ?? undefined });
      if (wait) deps.logger.warn({ runId, service: wait.service, nextTryAt: wait.nextTryAt, reason: wait.reason }, 'sync run waiting for a service to answer');
    },
  };
  const patiently = <T>(service: Service, call: () => Promise<T>) => ride(rideDeps, service, call);

  try {
    const campaign = await patiently('referral_factory', () => deps.directory.getCampaign(def.campaignId)).catch((err: unknown) => {
      if (isAppError(err, 'upstream_not_found')) throw new AppError('upstream_not_found', `The campaign ${def.campaignName ?? def.campaignId} no longer exists in Referral Factory`);
      throw err;
    });
    await patiently('intercom', () => ensureReturnAttributes(deps.source, def.returnMapping));
    const known = await loadReferrers(deps.directory, def.campaignId, MAX_KNOWN_REFERRERS, (read) => patiently('referral_factory', read));
    const knownLimit = Math.min(MAX_KNOWN_REFERRERS, (known?.size ?? 0) + MAX_CREATED_REMEMBERED);
    const ctx: EnrolContext = { def, campaign, source: deps.source, directory: deps.directory, known, knownLimit, owners: new Map() };
    const limit = pLimit(Math.max(1, deps.concurrency));
    const checkpoint = run.mode === 'incremental' ? state.updatedSince : null;
    // Counts change in RF without the contact changing, so an incremental run that writes counts back
    // reads the whole audience once: changed contacts are enrolled, the others get their counts
    // refreshed. One Intercom call per page instead of a second pass.
    const singlePass = run.mode === 'incremental' && refreshesCounts(def) && known !== null;
    // Failures of the last run are retried, unless they were met under other settings (another
    // audience: they may not belong to this one).
    const sameSettings = state.checkpointKey === null || state.checkpointKey === definitionKey(def);
    const retryIds = run.mode === 'retry_failed' || sameSettings ? state.retryContactIds : [];
    const seen = new Set<string>();
    const companyNames: CompanyNames = new Map();

    const processAll = async (read: IntercomContact[]) => {
      const fresh = read.filter((c) => {
        if (seen.has(c.id)) return false;
        if (seen.size < MAX_SEEN_IDS) seen.add(c.id);
        return true;
      });
      const contacts = await patiently('intercom', () => withCompanyNames(deps.source, def, fresh, companyNames));
      const unchanged: IntercomContact[] = [];
      await Promise.all(
        contacts.map((c) =>
          limit(async () => {
            // A cancel (or a lost job) stops at the next contact; a shutdown lets the page in hand finish (below).
            if (stopsAtOnce(signal)) return;
            if (checkpoint !== null && c.updatedAt <= checkpoint) {
              if (singlePass) unchanged.push(c);
              return tally.skipUnchanged();
            }
            tally.add(await enrolContact(ctx, c), c.name);
          }),
        ),
      );
      if (stopsAtOnce(signal)) throw new Stopped();
      if (unchanged.length > 0 && known) {
        const res = await refreshPage(deps.source, def, known, unchanged);
        tally.refreshed += res.refreshed;
        for (const f of res.failures) tally.refreshFailed(f);
      }
    };

    // Shutdown (SIGTERM, a worker handing its job back): stop between pages, the position saved after the last one.
    const handBackIfStopping = () => {
      if (signal.aborted) throw new Stopped();
    };

    while (pos.phase === 'contacts') {
      handBackIfStopping();
      const pageStartedAt = clock.now();
      const at = pos.cursor;
      const page = await patiently('intercom', () =>
        deps.source.pageAudience(def.audience, { cursor: at, updatedSince: singlePass ? null : (run.since ?? null), perPage: deps.pageSize }));
      if (at === null) tally.audienceSize = page.totalCount;
      await processAll(page.contacts);
      pos = page.nextCursor ? { phase: 'contacts', cursor: page.nextCursor, offset: 0 } : { phase: 'retry', cursor: null, offset: 0 };
      await save(pos, pageStartedAt);
    }

    if (pos.phase === 'retry') {
      if (run.mode === 'retry_failed' && pos.offset === 0) tally.audienceSize = retryIds.length;
      while (pos.offset < retryIds.length) {
        handBackIfStopping();
        const pageStartedAt = clock.now();
        const batch = retryIds.slice(pos.offset, pos.offset + deps.pageSize).filter((id) => !seen.has(id));
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
    await finishRun(deps, run, tally, { status, startedAt, def });
  } catch (err) {
    const reason = stopReason(signal);
    if (err instanceof Stopped || reason) {
      // Shutdown: leave the run and its position in place; the next start (or another worker) resumes it.
      // (Progress stays as saved at the last page boundary: a page interrupted by an outage wait is replayed, not double-counted.)
      if (reason === 'shutdown' || reason === 'lost') return void deps.live?.delete(runId);
      return finishRun(deps, run, tally, { status: 'cancelled', startedAt });
    }
    const e = toAppError(err);
    deps.logger.warn({ runId, code: e.code }, 'sync run failed');
    await finishRun(deps, run, tally, { status: 'failed', startedAt, failureReason: `${e.code}: ${e.message}` });
  }
}
