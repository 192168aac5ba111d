import type { Intercom } from 'intercom-client';
import type { Audience } from '../../sync/definition.js';

type Filter = Intercom.SingleFilterSearchRequest;
type Query = Intercom.SearchRequest.Query;

/**
 * Every audience is read through `POST /contacts/search` sorted on `created_at` ascending: a field
 * the app's own writes (and most others) never change. Intercom's cursor is stateless — the next
 * page is whatever sorts after the last item *now* — so in an order on a field that moves (such as
 * `updated_at`, or whatever Intercom uses without a sort, which it does not document) a contact
 * updated between two pages can be skipped or read twice
 * (https://developers.intercom.com/docs/build-an-integration/learn-more/rest-apis/pagination).
 * `GET /contacts` takes no sort, so "all contacts" is a search matching both roles.
 */
export const AUDIENCE_SORT = { field: 'created_at', order: 'ascending' } as const;

/** The request body of one audience read (minus pagination). */
export interface AudienceSearch {
  query: Query;
  sort: typeof AUDIENCE_SORT;
}

/**
 * Search recipes from reference/intercom-api.md §1.3. `updated_at >` compares calendar days in
 * stable API versions, so callers pass a bound that already looks back (ports.ts).
 */
export function audienceRequest(audience: Audience, updatedSince: number | null | undefined): AudienceSearch {
  const since: Filter | null = updatedSince == null ? null : { field: 'updated_at', operator: '>', value: updatedSince };
  let base: Filter;
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
      base = { field: 'role', operator: 'IN', value: ['user', 'lead'] };
      break;
  }
  const query: Query = since ? { operator: 'AND', value: [base, since] } : base;
  return { query, sort: AUDIENCE_SORT };
}
