import type { Intercom } from 'intercom-client';
import type { Audience } from '../../sync/definition.js';

type Filter = Intercom.SingleFilterSearchRequest;

/** How to read one audience: `GET /contacts` or `POST /contacts/search` with this query. */
export type AudienceRequest = { kind: 'list' } | { kind: 'search'; query: Intercom.SearchRequest.Query };

/**
 * Search recipes from reference/intercom-api.md §1.3. `updated_at >` compares calendar days in
 * stable API versions, so callers pass a bound that already looks back (ports.ts).
 */
export function audienceRequest(audience: Audience, updatedSince: number | null | undefined): AudienceRequest {
  const since: Filter | null = updatedSince == null ? null : { field: 'updated_at', operator: '>', value: updatedSince };
  let base: Filter | null;
  switch (audience.kind) {
    case 'leads':
      base = { field: 'role', operator: '=', value: 'lead' };
      break;
    case 'users':
      base = { field: 'role', operator: '=', value: 'user' };
      break;
    case 'segment':
      base = { field: 'segment_id', operator: '=', value: audience.segmentId };
      break;
    case 'all':
      base = null;
      break;
  }
  if (!base) return since ? { kind: 'search', query: since } : { kind: 'list' };
  if (!since) return { kind: 'search', query: base };
  return { kind: 'search', query: { operator: 'AND', value: [base, since] } };
}
