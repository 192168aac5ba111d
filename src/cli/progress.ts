import cliProgress from 'cli-progress';
import { RUN_STATUS_LABELS } from '../../canvas/screens/run-progress.js';
import type { SyncRun } from '../sync/run-record.js';
import { describeWait } from '../sync/run-words.js';

export interface ProgressView {
  update(run: SyncRun): void;
  stop(): void;
}

/** The outcome buckets, "not changed" included for incremental runs: they add up to `processed`. */
export const countsText = (run: SyncRun): string => {
  const buckets = Object.entries(run.counts).map(([k, v]) => `${k} ${v}`);
  if (run.mode === 'incremental' || (run.notChanged ?? 0) > 0) buckets.push(`not changed since the last run ${run.notChanged ?? 0}`);
  return buckets.join(', ');
};

const statusText = (run: SyncRun, now: number) => (run.waiting ? describeWait(run.waiting, now) : RUN_STATUS_LABELS[run.status]);

/** A bar on a terminal, one line per change otherwise (logs, CI). */
export function progressView(tty: boolean, out: NodeJS.WritableStream, now: () => number = Date.now): ProgressView {
  if (tty) {
    const bar = new cliProgress.SingleBar(
      { format: '{bar} {value}/{total} contacts | {status} | {counts}', hideCursor: true, stream: out as NodeJS.WriteStream },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(run) {
        const payload = { status: statusText(run, now()), counts: countsText(run) };
        const total = run.audienceSize ?? 0;
        if (!started) {
          bar.start(total, run.processed, payload);
          started = true;
        }
        bar.setTotal(Math.max(total, run.processed));
        bar.update(run.processed, payload);
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = '';
  return {
    update(run) {
      const line = `${statusText(run, now())} ${run.processed}/${run.audienceSize ?? '?'} ${countsText(run)}`;
      if (line !== last) out.write(`${line}\n`);
      last = line;
    },
    stop() {},
  };
}
