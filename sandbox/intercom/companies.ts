import { createHash } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import type { SandboxContext } from './context.js';
import { ApiRefusal } from './errors.js';
import type { StoredContact, Workspace } from './model.js';

// Companies, as far as the app reads them: a contact lists up to 10 of its companies as references
// (`companies.data: [{type: "company", id, url}]`, OAS-2.14 `contact_companies`, `company_data`),
// and `GET /companies/{id}` gives one with its name (OAS-2.14 "Retrieve a company by ID").

export interface StoredCompany {
  id: string;
  company_id: string;
  name: string;
  created_at: number;
}

const store = new WeakMap<Workspace, Map<string, StoredCompany>>();
export const companiesOf = (ws: Workspace): Map<string, StoredCompany> => {
  let m = store.get(ws);
  if (!m) store.set(ws, (m = new Map()));
  return m;
};

/** The company of this name (created once per workspace), attached to the contact. */
export function attachCompany(ws: Workspace, contact: StoredContact, name: string, createdAt: number): StoredCompany {
  const all = companiesOf(ws);
  const id = createHash('sha256').update(`${ws.id}/${name}`).digest('hex').slice(0, 24);
  let company = all.get(id);
  if (!company) {
    company = { id, company_id: `company-${all.size + 1}`, name, created_at: createdAt };
    all.set(id, company);
  }
  contact.companyIds = [...new Set([...(contact.companyIds ?? []), id])];
  return company;
}

/** The `companies` list of a contact as the contact object carries it: references only, at most 10. */
export function contactCompanies(c: StoredContact): Record<string, unknown> {
  const ids = c.companyIds ?? [];
  return {
    type: 'list',
    data: ids.slice(0, 10).map((id) => ({ type: 'company', id, url: `/companies/${id}` })),
    url: `/contacts/${c.id}/companies`,
    total_count: ids.length,
    has_more: ids.length > 10,
  };
}

function companyView(ws: Workspace, c: StoredCompany): Record<string, unknown> {
  const users = ws.contacts.filter((x) => !x.archived && x.companyIds?.includes(c.id)).length;
  return {
    type: 'company', company_id: c.company_id, id: c.id, app_id: ws.id, name: c.name,
    remote_created_at: c.created_at, created_at: c.created_at, updated_at: c.created_at,
    monthly_spend: 0, session_count: 0, user_count: users,
    tags: { type: 'tag.list', tags: [] }, segments: { type: 'segment.list', segments: [] }, plan: {}, custom_attributes: {},
  };
}

export function companiesRouter(ctx: SandboxContext): Router {
  const r = express.Router();
  r.get('/companies/:id', (req, res) => {
    const c = companiesOf(ctx.ws).get(req.params.id);
    // OAS-2.14's 404 example for this route.
    if (!c) throw new ApiRefusal(404, 'company_not_found', 'Company Not Found');
    res.json(companyView(ctx.ws, c));
  });
  return r;
}
