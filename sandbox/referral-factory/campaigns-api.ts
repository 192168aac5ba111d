import type { ApiHandler, SandboxContext } from './context.js';
import { fail } from './context.js';
import type { CampaignRecord } from './model.js';
import { isResult, pageParams } from './paging.js';
import { campaignWire, errorBody, pageWire } from './wire.js';

function withAnalytics(ctx: SandboxContext, c: CampaignRecord, on: boolean) {
  const wire = campaignWire(c, ctx.publicUrl);
  if (!on) return wire;
  const users = ctx.dir.usersOf(c.id);
  let referrers = 0;
  let qualified = 0;
  for (const u of users) {
    if (u.type === 'person_referring') referrers += 1;
    else if (u.qualifiedAt !== null) qualified += 1;
  }
  return { ...wire, analytics: { referrers, referrals: users.length - referrers, qualified_referrals: qualified } };
}

/** `GET /campaigns`: paged like users (campaigns are few; one page in practice). */
export const listCampaigns: ApiHandler = (ctx, req) => {
  const p = pageParams({ page: req.query.page, per_page: req.query.per_page, with: req.query.with });
  if (isResult(p)) return p;
  return { status: 200, body: pageWire(ctx.dir.campaigns, p.page, p.perPage, (c) => withAnalytics(ctx, c, p.withCampaignAnalytics), req.path, req.pageUrl) };
};

/** `GET /campaigns/{identifier}`: id or code. */
export const getCampaign: ApiHandler = (ctx, req) => {
  const p = pageParams({ with: req.query.with });
  if (isResult(p)) return p;
  const c = ctx.dir.campaign(req.params.identifier ?? '');
  return c ? { status: 200, body: { data: withAnalytics(ctx, c, p.withCampaignAnalytics) } } : fail(404, errorBody(404, 'Campaign not found.'));
};

/** `POST /campaigns/search` — body `{ name?, status? }` (name: case-insensitive substring). */
export const searchCampaigns: ApiHandler = (ctx, req) => {
  const p = pageParams({ page: req.query.page, per_page: req.query.per_page, with: req.query.with });
  if (isResult(p)) return p;
  const name = typeof req.body.name === 'string' ? req.body.name.toLowerCase() : undefined;
  const status = typeof req.body.status === 'string' ? req.body.status : undefined;
  const found = ctx.dir.campaigns.filter((c) => (!name || c.name.toLowerCase().includes(name)) && (!status || c.status === status));
  return { status: 200, body: pageWire(found, p.page, p.perPage, (c) => withAnalytics(ctx, c, p.withCampaignAnalytics), req.path, req.pageUrl) };
};
