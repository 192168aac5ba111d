import { getCampaign, listCampaigns, searchCampaigns } from './campaigns-api.js';
import type { ApiHandler } from './context.js';
import { getUser, listUsers, searchUsers } from './users-read.js';
import { createUser, deleteUser, qualifyUser, updateUser } from './users-write.js';

interface Route {
  /** Stats key, as RF's docs write the path. */
  pattern: string;
  re: RegExp;
  methods: Partial<Record<string, ApiHandler>>;
}

const ID = '([^/]+)';
const route = (pattern: string, methods: Route['methods']): Route => ({
  pattern,
  re: new RegExp(`^${pattern.replace(/\{[a-z]+\}/g, ID)}/?$`),
  methods,
});

/** RF API v2 routes we serve (reference/referral-factory.md §2). Fixed paths come before `{identifier}`. */
export const ROUTES: Route[] = [
  route('/campaigns', { GET: listCampaigns }),
  route('/campaigns/search', { POST: searchCampaigns }),
  route('/campaigns/{identifier}', { GET: getCampaign }),
  route('/users', { GET: listUsers, POST: createUser }),
  route('/users/search', { POST: searchUsers }),
  route('/users/qualification', { PUT: qualifyUser }),
  route('/users/{identifier}', { GET: getUser, PUT: updateUser, DELETE: deleteUser }),
];

export type RouteMatch =
  | { kind: 'ok'; key: string; handler: ApiHandler; identifier?: string }
  | { kind: 'method_not_allowed'; key: string }
  | { kind: 'not_found'; key: string };

/** Like Laravel's router: the first route that matches path AND method wins; a path match alone → 405. */
export function matchRoute(method: string, path: string): RouteMatch {
  let pathMatched: Route | undefined;
  for (const r of ROUTES) {
    const m = r.re.exec(path);
    if (!m) continue;
    pathMatched ??= r;
    const handler = r.methods[method];
    if (handler) return { kind: 'ok', key: `${method} ${r.pattern}`, handler, ...(m[1] !== undefined ? { identifier: decodeURIComponent(m[1]) } : {}) };
  }
  if (pathMatched) return { kind: 'method_not_allowed', key: `${method} ${pathMatched.pattern}` };
  return { kind: 'not_found', key: `${method} (unknown route)` };
}
