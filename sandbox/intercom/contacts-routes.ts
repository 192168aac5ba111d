import express from 'express';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { contactView } from './contact-view.js';
import { createContactFromApi } from './create-contact.js';
import { dayOfFactory, indexCutoffMs, type SandboxContext, type ServedPage } from './context.js';
import { ApiRefusal } from './errors.js';
import type { StoredContact } from './model.js';
import { FirstK, orderingFor, type Ordering } from './ordering.js';
import { pagesObject, perPageOf } from './paging.js';
import { compileQuery } from './search.js';
import { searchView } from './search-index.js';
import { updateContact } from './update-contact.js';

const SearchBody = z.object({
  query: z.unknown().refine((q) => q !== undefined && q !== null, 'query is required'),
  pagination: z.object({ per_page: z.unknown().optional(), starting_after: z.string().nullish() }).nullish(),
  sort: z.unknown().optional(),
});

const isExactVersion = (req: Request) => /^(preview|unstable)$/i.test(req.get('intercom-version') ?? '');

function visible(ctx: SandboxContext, id: string): StoredContact {
  const c = ctx.ws.byId.get(id);
  if (!c || c.archived) throw new ApiRefusal(404, 'not_found', 'User Not Found');
  return c;
}

interface PageRequest {
  route: ServedPage['route'];
  /** Search reads the lagging index (search-index.ts); the list reads the contacts as they are. */
  fromIndex: boolean;
  keep: (c: StoredContact) => boolean;
  ordering: Ordering;
  cursor: string | null | undefined;
  perPage: number;
}

/**
 * One page: one pass over the workspace for the matching contacts after the cursor's position in
 * the requested order (ordering.ts). Nothing is remembered between pages, as with Intercom.
 */
function pageOf(ctx: SandboxContext, q: PageRequest) {
  const pos = q.ordering.decode(q.cursor);
  const cutoff = indexCutoffMs(ctx);
  const first = new FirstK<{ seen: StoredContact; live: StoredContact }>(q.perPage + 1, (a, b) => q.ordering.compare(a.seen, b.seen));
  let total = 0;
  for (const live of ctx.ws.contacts) {
    const seen = q.fromIndex ? searchView(live, cutoff) : live;
    if (!seen || seen.archived || !q.keep(seen)) continue;
    total += 1;
    if (pos && q.ordering.afterPosition(seen, pos) <= 0) continue;
    first.offer({ seen, live });
  }
  const items = first.sorted();
  const more = items.length > q.perPage;
  if (more) items.length = q.perPage;
  const page = pos ? pos.page + 1 : 1;
  const last = items[items.length - 1];
  const next = more && last ? q.ordering.cursor(last.seen, page) : null;
  const current = !q.fromIndex || ctx.behaviour.searchReturns === 'current';
  const escapeNames = ctx.behaviour.escapeNames;
  const data = items.map(({ seen, live }) => contactView(ctx.ws, current && !live.archived ? live : seen, { escapeNames }));
  ctx.pageListener?.({ route: q.route, page, ids: items.map((i) => i.live.id), totalCount: total });
  return { type: 'list', data, total_count: total, pages: pagesObject(page, q.perPage, total, next) };
}

export function contactsRouter(ctx: SandboxContext): Router {
  const r = express.Router();
  const dayOf = dayOfFactory(ctx.ws.timezone);
  const view = (c: StoredContact) => contactView(ctx.ws, c, { escapeNames: ctx.behaviour.escapeNames });
  r.get('/contacts', (req, res) => {
    res.json(pageOf(ctx, {
      route: 'GET /contacts',
      fromIndex: false,
      keep: () => true,
      ordering: orderingFor(ctx.ws, undefined, ctx.behaviour.listSort),
      cursor: req.query.starting_after as string | undefined,
      perPage: perPageOf(req.query.per_page, ctx.behaviour.listDefaultPerPage),
    }));
  });
  r.post('/contacts/search', (req, res) => {
    const body = SearchBody.safeParse(req.body);
    if (!body.success) throw new ApiRefusal(400, 'parameter_invalid', body.error.issues[0]?.message ?? 'invalid search');
    res.json(pageOf(ctx, {
      route: 'POST /contacts/search',
      fromIndex: true,
      keep: compileQuery(body.data.query, { ws: ctx.ws, dayGranular: !isExactVersion(req), dayOf }),
      ordering: orderingFor(ctx.ws, body.data.sort, ctx.behaviour.defaultSearchSort),
      cursor: body.data.pagination?.starting_after,
      perPage: perPageOf(body.data.pagination?.per_page, 50),
    }));
  });
  r.post('/contacts', (req, res) => void res.json(view(createContactFromApi(ctx, req.body))));
  r.get('/contacts/:id', (req, res) => void res.json(view(visible(ctx, req.params.id))));
  r.put('/contacts/:id', (req: Request, res: Response) => {
    res.json(view(updateContact(ctx, visible(ctx, req.params.id as string), req.body)));
  });
  r.get('/contacts/:id/segments', (req, res) => {
    const c = visible(ctx, req.params.id);
    res.json({ type: 'list', data: ctx.ws.segments.filter((s) => c.segmentIds.has(s.id)).map((s) => ({ type: 'segment', ...s })) });
  });
  return r;
}
