import type { ApiRequest, ApiResult, SandboxContext } from './context.js';
import type { UserRecord } from './model.js';
import { issuesToErrors, PagingQuery } from './request-schemas.js';
import { pageWire, userWire, validationBody } from './wire.js';

export interface PageParams {
  page: number;
  perPage: number;
  withUserAnalytics: boolean;
  withCampaignAnalytics: boolean;
  campaignId: number | null;
  type: UserRecord['type'] | null;
}

/** Paging and filters from the query string (and, for searches, the body): 25 per page, at most 250. */
export function pageParams(source: Record<string, unknown>): PageParams | ApiResult {
  const parsed = PagingQuery.safeParse(source);
  if (!parsed.success) return { status: 422, body: validationBody(issuesToErrors(parsed.error)) };
  const q = parsed.data;
  const withs = (q.with ?? '').split(',').map((w) => w.trim());
  return {
    page: q.page ?? 1,
    perPage: q.per_page ?? 25,
    withUserAnalytics: withs.includes('user.analytics'),
    withCampaignAnalytics: withs.includes('campaign.analytics'),
    campaignId: q.campaign_id ?? null,
    type: q.type ?? null,
  };
}

export const isResult = (x: PageParams | ApiResult): x is ApiResult => 'status' in x;

export function userPage(ctx: SandboxContext, req: ApiRequest, users: readonly UserRecord[], p: PageParams): ApiResult {
  return {
    status: 200,
    body: pageWire(users, p.page, p.perPage, (u) => userWire(u, ctx.publicUrl, p.withUserAnalytics), req.path, req.pageUrl),
  };
}
