import type { SyncRun } from '../sync/run-record.js';
import { describeRunFailure, issuesFailuresFirst, reasonsLine, runKindLabel } from '../sync/run-words.js';
import { countsText } from './progress.js';

/** The end-of-run report: kind, buckets, reasons, then every kept failure and the first skips. */
export function summaryLines(run: SyncRun): string[] {
  const lines = [`  ${runKindLabel(run) ?? 'Full run'}: ${run.processed} processed (${countsText(run)})`];
  if (run.status === 'failed' && run.failureReason) lines.push(`  ${describeRunFailure(run.failureReason)}`);
  if (run.reasons && run.reasons.length > 0) lines.push(`  ${reasonsLine(run.reasons)}`);
  const ordered = issuesFailuresFirst(run.issues);
  const failures = ordered.filter((i) => i.kind === 'failed');
  const skips = ordered.filter((i) => i.kind === 'skipped').slice(0, 10);
  for (const issue of [...failures, ...skips]) lines.push(`  ${issue.kind} ${issue.contactId}${issue.email ? ` <${issue.email}>` : ''} ${issue.code}: ${issue.message}`);
  const hidden = run.counts.failed - failures.length + run.counts.skipped - skips.length;
  if (hidden > 0) lines.push(`  … and ${hidden} more (counted by reason above)`);
  return lines;
}

