import { MAX_RETRY_IDS } from './sync-state.js';
import type { ContactOutcome } from './outcome.js';
import { emptyCounts, type OutcomeCounts, type RunIssue, type SyncRun } from './run-record.js';

export const MAX_ISSUES = 50;

/** Progress of a run, restored from its record on resume, saved back after each page. */
export class RunTally {
  counts: OutcomeCounts;
  issues: RunIssue[];
  failedIds: string[];
  processed: number;
  notChanged: number;
  refreshed: number;
  audienceSize: number | null;

  constructor(run: SyncRun) {
    this.counts = { ...emptyCounts(), ...run.counts };
    this.issues = [...run.issues];
    this.failedIds = [...(run.failedIds ?? [])];
    this.processed = run.processed;
    this.notChanged = run.notChanged ?? 0;
    this.refreshed = run.refreshed ?? 0;
    this.audienceSize = run.audienceSize;
  }

  add(outcome: ContactOutcome): void {
    this.counts[outcome.kind] += 1;
    this.processed += 1;
    if (outcome.kind !== 'skipped' && outcome.kind !== 'failed') return;
    if (outcome.kind === 'failed' && this.failedIds.length < MAX_RETRY_IDS && !this.failedIds.includes(outcome.contactId)) {
      this.failedIds.push(outcome.contactId);
    }
    if (this.issues.length >= MAX_ISSUES) return;
    this.issues.push({
      contactId: outcome.contactId,
      ...(outcome.email ? { email: outcome.email } : {}),
      kind: outcome.kind,
      code: outcome.kind === 'failed' ? outcome.code : outcome.reason,
      message: outcome.message,
    });
  }

  skipUnchanged(): void {
    this.notChanged += 1;
    this.processed += 1;
  }

  snapshot(): Partial<SyncRun> {
    return {
      counts: { ...this.counts },
      issues: [...this.issues],
      failedIds: [...this.failedIds],
      processed: this.processed,
      notChanged: this.notChanged,
      refreshed: this.refreshed,
      audienceSize: this.audienceSize,
    };
  }
}
