import cliProgress from 'cli-progress';
import type { SyncRun } from '../sync/run-record.js';

export interface ProgressView {
  update(run: SyncRun): void;
  stop(): void;
}

const countsText = (run: SyncRun) =>
  Object.entries(run.counts).map(([k, v]) => `${k} ${v}`).join(', ');

/** A bar on a terminal, one line per change otherwise (logs, CI). */
export function progressView(tty: boolean, out: NodeJS.WritableStream): ProgressView {
  if (tty) {
    const bar = new cliProgress.SingleBar(
      { format: '{bar} {value}/{total} contacts | {status} | {counts}', hideCursor: true, stream: out as NodeJS.WriteStream },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(run) {
        const payload = { status: run.status, counts: countsText(run) };
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
      const line = `${run.status} ${run.processed}/${run.audienceSize ?? '?'} ${countsText(run)}`;
      if (line !== last) out.write(`${line}\n`);
      last = line;
    },
    stop() {},
  };
}
