import express from 'express';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { contactView } from './contact-view.js';
import { dayOfFactory, type SandboxContext } from './context.js';
import { ApiRefusal } from './errors.js';
import { findContactIndex, type StoredContact } from './model.js';
import { decodeCursor, encodeCursor, pagesObject, perPageOf } from './paging.js';
import { compileQuery } from './search.js';
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

/** One page of contacts matching `keep`, after the cursor, in the workspace's stable order. */
function pageOf(ctx: SandboxContext, keep: (c: StoredContact) => boolean, cursor: string | undefined, perPage: number, countKey: string) {
  const { seq, page } = decodeCursor(cursor);
  const data: StoredContact[] = [];
  const list = ctx.ws.contacts;
  let i = findContactIndex(ctx.ws, seq);
  for (; i < list.length && data.length < perPage; i++) {
    const c = list[i] as StoredContact;
    if (!c.archived && keep(c)) data.push(c);
  }
  let more = false;
  for (; i < list.length && !more; i++) more = !(list[i] as StoredContact).archived && keep(list[i] as StoredContact);
  const cached = ctx.searchCountCache.get(countKey);
  let total = cached?.version === ctx.ws.version ? cached.total : -1;
  if (total < 0) {
    total = 0;
    for (const c of list) if (!c.archived && keep(c)) total += 1;
    ctx.searchCountCache.set(countKey, { version: ctx.ws.version, total });
  }
  const last = data[data.length - 1];
  const next = more && last ? encodeCursor(last.seq, page) : null;
  return { type: 'list', data: data.map((c) => contactView(ctx.ws, c)), total_count: total, pages: pagesObject(page, perPage, total, next) };
}

export function contactsRouter(ctx: SandboxContext): Router {
  const r = express.Router();
  const dayOf = dayOfFactory(ctx.ws.timezone);
  r.get('/contacts', (req, res) => {
    const perPage = perPageOf(req.query.per_page);
    res.json(pageOf(ctx, () => true, req.query.starting_after as string | undefined, perPage, 'all'));
  });
  r.post('/contacts/search', (req, res) => {
    const body = SearchBody.safeParse(req.body);
    if (!body.success) throw new ApiRefusal(400, 'parameter_invalid', body.error.issues[0]?.message ?? 'invalid search');
    const exact = isExactVersion(req);
    const keep = compileQuery(body.data.query, { ws: ctx.ws, dayGranular: !exact, dayOf });
    const perPage = perPageOf(body.data.pagination?.per_page);
    const key = `${exact}:${JSON.stringify(body.data.query)}`;
    res.json(pageOf(ctx, keep, body.data.pagination?.starting_after ?? undefined, perPage, key));
  });
  r.get('/contacts/:id', (req, res) => void res.json(contactView(ctx.ws, visible(ctx, req.params.id), true)));
  r.put('/contacts/:id', (req: Request, res: Response) => {
    const c = updateContact(ctx, visible(ctx, req.params.id as string), req.body);
    res.json(contactView(ctx.ws, c, true));
  });
  r.get('/contacts/:id/segments', (req, res) => {
    const c = visible(ctx, req.params.id);
    res.json({ type: 'list', data: ctx.ws.segments.filter((s) => c.segmentIds.has(s.id)).map((s) => ({ type: 'segment', ...s })) });
  });
  return r;
}
