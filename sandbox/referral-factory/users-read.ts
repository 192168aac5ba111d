import type { ApiHandler, SandboxContext } from './context.js';
import { fail } from './context.js';
import type { UserRecord } from './model.js';
import { isResult, pageParams, userPage } from './paging.js';
import { issuesToErrors, SearchUsersBody } from './request-schemas.js';
import { errorBody, userWire, validationBody } from './wire.js';

export const userNotFound = () => fail(404, errorBody(404, 'User not found.'));

/**
 * `GET /users/{identifier}`: the docs disagree on what identifier is (email or code / code or id,
 * reference §2), so all three work: digits → id, with "@" → email (`?campaign_id=` picks the
 * campaign; without it the oldest user with that email), otherwise → code.
 */
export function findUser(ctx: SandboxContext, identifier: string, campaignId: number | null): UserRecord | undefined {
  const id = identifier.trim();
  if (/^\d+$/.test(id)) return ctx.dir.userById(Number(id));
  if (id.includes('@')) {
    const campaigns = campaignId === null ? ctx.dir.campaigns : ctx.dir.campaigns.filter((c) => c.id === campaignId);
    return campaigns
      .map((c) => ctx.dir.userByEmail(c.id, id))
      .filter((u): u is UserRecord => u !== undefined)
      .sort((a, b) => a.id - b.id)[0];
  }
  return ctx.dir.userByCode(id);
}

export const getUser: ApiHandler = (ctx, req) => {
  const p = pageParams({ with: req.query.with, campaign_id: req.query.campaign_id });
  if (isResult(p)) return p;
  const user = findUser(ctx, req.params.identifier ?? '', p.campaignId);
  return user ? { status: 200, body: { data: userWire(user, ctx.publicUrl, p.withUserAnalytics) } } : userNotFound();
};

/** `GET /users`: every user of the account in id order; `campaign_id` and `type` filter. */
export const listUsers: ApiHandler = (ctx, req) => {
  const p = pageParams(req.query);
  if (isResult(p)) return p;
  const users = ctx.dir.usersOf(p.campaignId);
  return userPage(ctx, req, p.type ? users.filter((u) => u.type === p.type) : users, p);
};

/**
 * `POST /users/search` — body `{ campaign_id?, email?, code?, type?, page?, per_page?, with? }`,
 * filters combined with AND, email compared case-insensitively; paging also read from the query.
 */
export const searchUsers: ApiHandler = (ctx, req) => {
  const parsed = SearchUsersBody.safeParse(req.body);
  if (!parsed.success) return fail(422, validationBody(issuesToErrors(parsed.error)));
  const b = parsed.data;
  const p = pageParams({ ...req.query, ...Object.fromEntries(Object.entries({ page: b.page, per_page: b.per_page, with: b.with }).filter(([, v]) => v !== undefined)) });
  if (isResult(p)) return p;
  let users: readonly UserRecord[];
  if (b.code !== undefined) {
    const u = ctx.dir.userByCode(b.code);
    users = u ? [u] : [];
  } else if (b.email !== undefined) {
    const campaigns = b.campaign_id === undefined ? ctx.dir.campaigns : ctx.dir.campaigns.filter((c) => c.id === b.campaign_id);
    users = campaigns.map((c) => ctx.dir.userByEmail(c.id, b.email as string)).filter((u): u is UserRecord => u !== undefined);
  } else {
    users = ctx.dir.usersOf(b.campaign_id ?? null);
  }
  const matches = users.filter(
    (u) =>
      (b.campaign_id === undefined || u.campaignId === b.campaign_id) &&
      (b.email === undefined || u.email.toLowerCase() === b.email.toLowerCase()) &&
      (b.type === undefined || u.type === b.type),
  );
  return userPage(ctx, req, matches, p);
};
