import type { SyncDefinition } from './definition.js';
import { withCompanyNames, type CompanyNames } from './company-names.js';
import { previewContact, type EnrolContext } from './enrol.js';
import type { ContactOutcome, DryRunSample } from './outcome.js';
import { emptyCounts, type OutcomeCounts } from './run-record.js';

/** Bounds that keep a dry run quick enough for the wizard: RF allows only 10 calls a second. */
export const DRY_RUN_LIMITS = { contacts: 100, lookups: 10, samples: 5 } as const;

export interface DryRunReport {
  /** Outcomes of the `scanned` contacts; those beyond `checked` are judged on mapping alone (no RF lookup). */
  counts: OutcomeCounts;
  samples: DryRunSample[];
  /** Contacts read: the first page(s) of the audience, at most `limit`. */
  scanned: number;
  /** Contacts looked up in RF to tell created from linked/updated/unchanged. */
  checked: number;
  /** Size of the whole audience as Intercom reports it. */
  audienceSize: number;
  limit: number;
  /** Skipped and failing contacts of the scan counted by reason, most frequent first. */
  reasons: DryRunReason[];
}

export interface DryRunReason {
  kind: 'skipped' | 'failed';
  code: string;
  /** The first message seen with this code. */
  message: string;
  count: number;
}

function tallyReason(reasons: Map<string, DryRunReason>, outcome: ContactOutcome): void {
  if (outcome.kind !== 'skipped' && outcome.kind !== 'failed') return;
  const code = outcome.kind === 'skipped' ? outcome.reason : outcome.code;
  const key = `${outcome.kind}:${code}`;
  const seen = reasons.get(key);
  if (seen) seen.count += 1;
  else reasons.set(key, { kind: outcome.kind, code, message: outcome.message, count: 1 });
}

/** The run's pipeline with reads only: maps the first contacts and asks RF about a few of them. */
export async function dryRun(ctx: EnrolContext & { def: SyncDefinition }, limits: typeof DRY_RUN_LIMITS = DRY_RUN_LIMITS): Promise<DryRunReport> {
  const counts = emptyCounts();
  const samples: DryRunSample[] = [];
  let scanned = 0;
  let checked = 0;
  let audienceSize = 0;
  const reasons = new Map<string, DryRunReason>();
  let cursor: string | null = null;
  const companyNames: CompanyNames = new Map();
  do {
    const page = await ctx.source.pageAudience(ctx.def.audience, { cursor, perPage: Math.min(limits.contacts, 150) });
    audienceSize = page.totalCount;
    const contacts = await withCompanyNames(ctx.source, ctx.def, page.contacts.slice(0, limits.contacts - scanned), companyNames);
    // Mapping alone first (no call); then the RF lookups of the first contacts that map go out
    // together: one after another they were most of a Preview's wait (10 × RF's answer time).
    const previews = await Promise.all(contacts.map((c) => previewContact(ctx, c, false)));
    const picked = previews.flatMap((p, i) => (p.record ? [i] : [])).slice(0, limits.lookups - checked);
    const looked = await Promise.all(picked.map((i) => previewContact(ctx, contacts[i]!, true)));
    picked.forEach((i, k) => void (previews[i] = looked[k]!));
    checked += picked.length;
    for (const [i, { outcome, record }] of previews.entries()) {
      const contact = contacts[i]!;
      scanned += 1;
      counts[outcome.kind] += 1;
      tallyReason(reasons, outcome);
      if (record && samples.length < limits.samples) {
        samples.push({ contactId: contact.id, email: record.email, fields: record, outcome: outcome.kind });
      }
    }
    cursor = page.nextCursor;
  } while (cursor && scanned < limits.contacts);
  const byCount = [...reasons.values()].sort((a, b) => b.count - a.count);
  return { counts, samples, scanned, checked, audienceSize, limit: limits.contacts, reasons: byCount };
}
