import type { SyncDefinition } from './definition.js';
import type { ContactSource, IntercomContact } from './ports.js';

// "Company name" as a source (step 2): the name of the contact's first company. A contact carries
// only references to its companies (Intercom's `companies.data: [{id}]`), so the name costs a read
// of the company: once per company per run, shared by every contact of that company.

/** Company id → its name (null: none or gone); a promise, so that contacts read at once share one call. */
export type CompanyNames = Map<string, Promise<string | null>>;

/** Companies a run remembers; past it, a company is read again for each page that holds it (never a wrong name). */
export const MAX_COMPANY_NAMES = 50_000;

export const usesCompanyName = (def: Pick<SyncDefinition, 'fieldMapping'>): boolean => def.fieldMapping.some((r) => r.from.kind === 'company');

/** The contacts with `companyName` filled when the mapping reads it; unchanged otherwise (no call). */
export async function withCompanyNames(
  source: Pick<ContactSource, 'companyName'>,
  def: Pick<SyncDefinition, 'fieldMapping'>,
  contacts: IntercomContact[],
  cache: CompanyNames = new Map(),
): Promise<IntercomContact[]> {
  if (!usesCompanyName(def)) return contacts;
  const local = new Map<string, Promise<string | null>>();
  const nameOf = (id: string): Promise<string | null> => {
    let p = cache.get(id) ?? local.get(id);
    if (!p) {
      p = source.companyName(id);
      if (cache.size < MAX_COMPANY_NAMES) cache.set(id, p);
      else local.set(id, p);
      // A failed read is not remembered: the next page tries again.
      p.catch(() => cache.get(id) === p && cache.delete(id));
    }
    return p;
  };
  return Promise.all(contacts.map(async (c) => {
    const first = c.companyIds?.[0];
    return { ...c, companyName: first ? await nameOf(first) : null };
  }));
}
