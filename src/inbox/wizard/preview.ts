import type { PreviewView } from '../../../canvas/screens/wizard-overview.js';
import type { DryRunReport } from '../../sync/dry-run.js';
import type { OutcomeCounts } from '../../sync/run-record.js';

const WORDS: [keyof OutcomeCounts, string][] = [
  ['created', 'to create'],
  ['linked', 'already referrers'],
  ['updated', 'to update'],
  ['unchanged', 'unchanged'],
  ['skipped', 'skipped'],
  ['failed', 'failing'],
];

/** The engine's dry run in a few words, why contacts would be skipped, and up to three mapped records. */
export function previewView(r: DryRunReport): PreviewView {
  const of = r.audienceSize > r.scanned ? ` (first ${r.scanned} read)` : '';
  const lines = [`${r.audienceSize} contacts${of}`, ...WORDS.filter(([k]) => r.counts[k] > 0).map(([k, w]) => `${r.counts[k]} ${w}`)];
  const samples = r.samples.slice(0, 3).map((s) => {
    const extra = Object.values(s.fields.meta);
    return [s.email, [s.fields.firstName, ...extra].filter((v) => v !== '').join(' · ') || '—'] as const;
  });
  const reasons = r.reasons.map((x) => `${x.kind === 'skipped' ? 'Skipped' : 'Failing'} ${x.count}: ${x.message}`);
  return { lines, samples, reasons };
}
