import type { PreviewView } from '../../../canvas/screens/wizard-overview.js';
import type { DryRunSample } from '../../sync/outcome.js';
import type { OutcomeCounts } from '../../sync/run-record.js';

const WORDS: [keyof OutcomeCounts, string][] = [
  ['created', 'to create'],
  ['linked', 'already referrers'],
  ['updated', 'to update'],
  ['unchanged', 'unchanged'],
  ['skipped', 'skipped'],
  ['failed', 'failing'],
];

/** The engine's dry run in a few words and up to three mapped records. */
export function previewView(r: { counts: OutcomeCounts; samples: DryRunSample[]; scanned: number }): PreviewView {
  const lines = [`${r.scanned} contacts checked`, ...WORDS.filter(([k]) => r.counts[k] > 0).map(([k, w]) => `${r.counts[k]} ${w}`)];
  const samples = r.samples.slice(0, 3).map((s) => {
    const extra = Object.values(s.fields.meta);
    return [s.email, [s.fields.firstName, ...extra].filter((v) => v !== '').join(' · ') || '—'] as const;
  });
  return { lines, samples };
}
