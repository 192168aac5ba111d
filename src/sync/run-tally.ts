import { MAX_RETRY_IDS } from './sync-state.js';
import type { ContactOutcome } from './outcome.js';
import {
  emptyCounts, MAX_FAILURE_ISSUES, MAX_SKIP_ISSUES,
  type IssueReason, type OutcomeCounts, type RunIssue, type RunWait, type SyncRun,
} from './run-record.js';

/** Progress of a run, restored from its record on resume, saved back after each page. */
export class RunTally {
  counts: OutcomeCounts;
  issues: RunIssue[];
  reasons: IssueReason[];
  failedIds: string[];
  processed: number;
  notChanged: number;
  refreshed: number;
  audienceSize: number | null;
  waiting: RunWait | null;
  private kept: { failed: number; skipped: number };

  constructor(run: SyncRun) {
    this.counts = { ...emptyCounts(), ...run.counts };
    this.issues = [...run.issues];
    this.reasons = (run.reasons ?? []).map((r) => ({ ...r }));
    this.failedIds = [...(run.failedIds ?? [])];
    this.processed = run.processed;
    this.notChanged = run.notChanged ?? 0;
    this.refreshed = run.refreshed ?? 0;
    this.audienceSize = run.audienceSize;
    this.waiting = run.waiting ?? null;
    this.kept = {
      failed: this.issues.filter((i) => i.kind === 'failed').length,
      skipped: this.issues.filter((i) => i.kind === 'skipped').length,
    };
  }

  /** `name`: the contact's, kept with an issue so people can tell contacts apart. */
  add(outcome: ContactOutcome, name?: string | null): void {
    this.counts[outcome.kind] += 1;
    this.processed += 1;
    if (outcome.kind !== 'skipped' && outcome.kind !== 'failed') return;
    if (outcome.kind === 'failed' && this.failedIds.length < MAX_RETRY_IDS && !this.failedIds.includes(outcome.contactId)) {
      this.failedIds.push(outcome.contactId);
    }
    const code = outcome.kind === 'failed' ? outcome.code : outcome.reason;
    this.countReason(outcome.kind, code, outcome.message);
    // Failures need someone's action: they are kept up to a larger bound than skips, so a run
    // with many skips still shows every failure reason (issue #12, observation 7).
    if (this.kept[outcome.kind] >= (outcome.kind === 'failed' ? MAX_FAILURE_ISSUES : MAX_SKIP_ISSUES)) return;
    this.kept[outcome.kind] += 1;
    this.issues.push({
      contactId: outcome.contactId,
      ...(outcome.email ? { email: outcome.email } : {}),
      ...(name ? { name: name.slice(0, 200) } : {}),
      kind: outcome.kind,
      code,
      message: outcome.message,
    });
  }

  private countReason(kind: 'skipped' | 'failed', code: string, message: string): void {
    const hit = this.reasons.find((r) => r.kind === kind && r.code === code);
    if (hit) hit.count += 1;
    else if (this.reasons.length < 100) this.reasons.push({ kind, code, count: 1, message });
  }

  /** A contact an incremental run read and passed over: unchanged since the checkpoint. */
  skipUnchanged(): void {
    this.notChanged += 1;
    this.processed += 1;
  }

  /** A passed-over contact whose count refresh then failed: it leaves the not-changed bucket for the failed one. */
  refreshFailed(outcome: ContactOutcome): void {
    this.notChanged -= 1;
    this.processed -= 1;
    this.add(outcome);
  }

  snapshot(): Partial<SyncRun> {
    return {
      counts: { ...this.counts },
      issues: [...this.issues],
      reasons: this.reasons.map((r) => ({ ...r })),
      failedIds: [...this.failedIds],
      processed: this.processed,
      notChanged: this.notChanged,
      refreshed: this.refreshed,
      audienceSize: this.audienceSize,
      ...(this.waiting ? { waiting: { ...this.waiting } } : {}),
    };
  }
}
