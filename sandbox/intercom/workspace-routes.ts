import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { nowSeconds, type SandboxContext, type TokenGrant } from './context.js';
import { ApiRefusal } from './errors.js';
import type { Admin, DataAttribute } from './model.js';
import { STANDARD_NAMES } from './standard-attributes.js';

const CreateAttribute = z.object({
  name: z.string().min(1),
  model: z.string(),
  data_type: z.string(),
  description: z.string().optional(),
  messenger_writable: z.boolean().optional(),
  options: z.array(z.object({ value: z.string() })).optional(),
});
const DATA_TYPES = ['string', 'integer', 'float', 'boolean', 'datetime', 'date', 'options'];
// https://developers.intercom.com/docs/references/rest-api/api.intercom.io/data-attributes/createdataattribute
const NAME_PATTERN = /^[\p{L}\p{N}\p{Sc}\- _]+$/u;

/**
 * GET /me: the admin with the app, as the 2.14 example shows it. `job_title` only when the admin
 * has one (a string: the 2.14 schema does not allow null; real admin lists omit the key).
 */
export const meView = (ctx: SandboxContext, a: Admin) => ({
  type: 'admin', id: a.id, email: a.email, name: a.name, email_verified: true,
  ...(a.job_title ? { job_title: a.job_title } : {}),
  app: {
    type: 'app', id_code: ctx.ws.id, name: ctx.ws.name, created_at: ctx.ws.createdAt, secure: false,
    identity_verification: false, timezone: ctx.ws.timezone, region: ctx.ws.region,
  },
  avatar: { type: 'avatar', image_url: null },
  has_inbox_seat: true,
});

/** One entry of GET /admins, key for key as recorded (NangoHQ/integration-templates tests/admins.test.json). */
export const adminListEntry = (a: Admin) => ({
  type: 'admin', email: a.email, id: a.id, name: a.name,
  ...(a.job_title ? { job_title: a.job_title } : {}),
  away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, team_ids: [], team_priority_level: {},
});

function createAttribute(ctx: SandboxContext, raw: unknown): DataAttribute {
  const parsed = CreateAttribute.safeParse(raw);
  if (!parsed.success) throw new ApiRefusal(400, 'parameter_invalid', `${parsed.error.issues[0]?.path.join('.')} is required`);
  const { name, model, data_type, description } = parsed.data;
  if (model !== 'contact' && model !== 'company') throw new ApiRefusal(400, 'parameter_invalid', 'The Data Attribute model field must be either contact or company');
  if (!DATA_TYPES.includes(data_type)) throw new ApiRefusal(400, 'parameter_invalid', "Data Type isn't an option");
  if (!NAME_PATTERN.test(name)) {
    throw new ApiRefusal(400, 'parameter_invalid', 'Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens');
  }
  if (STANDARD_NAMES.has(name.toLowerCase())) {
    throw new ApiRefusal(400, 'parameter_invalid', `'${name}' is one of our standard attributes for your people data. Please use a different name.`);
  }
  const clash = ctx.ws.attributes.find((a) => a.custom && a.name.toLowerCase() === name.toLowerCase());
  if (clash) {
    const where = clash.model === 'contact' ? 'people' : 'company';
    throw new ApiRefusal(400, 'parameter_invalid', `You already have '${name}' in your ${where} data. To save this as new ${model === 'contact' ? 'people' : 'company'} data, use a different name.`);
  }
  if (data_type === 'options' && (parsed.data.options?.length ?? 0) < 2) {
    throw new ApiRefusal(400, 'parameter_invalid', 'You must have at least two options on a list type data attribute');
  }
  const at = nowSeconds(ctx);
  const attr: DataAttribute = {
    id: ctx.ws.nextAttributeId++, name, full_name: `custom_attributes.${name}`, label: name, ...(description === undefined ? {} : { description }),
    data_type: data_type === 'options' ? 'string' : (data_type as DataAttribute['data_type']), model, custom: true, archived: false,
    api_writable: true, ui_writable: false, messenger_writable: parsed.data.messenger_writable ?? false,
    ...(parsed.data.options ? { options: parsed.data.options.map((o) => o.value) } : {}),
    admin_id: ctx.ws.admins[0]?.id ?? '', created_at: at, updated_at: at,
  };
  ctx.ws.attributes.push(attr);
  ctx.stats.writes += 1;
  return attr;
}

export function workspaceRouter(ctx: SandboxContext): Router {
  const r = express.Router();
  r.get('/me', (_req, res) => {
    const grant = res.locals.grant as TokenGrant;
    const admin = ctx.ws.admins.find((a) => a.id === grant.adminId) ?? ctx.ws.admins[0];
    res.json(meView(ctx, admin as Admin));
  });
  r.get('/admins', (_req, res) => void res.json({ type: 'admin.list', admins: ctx.ws.admins.map(adminListEntry) }));
  r.get('/segments', (req, res) => {
    const withCount = String(req.query.include_count) === 'true';
    const segments = ctx.ws.segments.map((s) => ({
      type: 'segment', ...s,
      ...(withCount ? { count: ctx.ws.contacts.reduce((n, c) => n + (!c.archived && c.segmentIds.has(s.id) ? 1 : 0), 0) } : {}),
    }));
    // No `pages` key in real answers (recorded: NangoHQ/integration-templates tests/segments.test.json).
    res.json({ type: 'segment.list', segments });
  });
  r.get('/segments/:id', (req, res) => {
    const s = ctx.ws.segments.find((x) => x.id === req.params.id);
    if (!s) throw new ApiRefusal(404, 'not_found', 'Resource Not Found');
    res.json({ type: 'segment', ...s });
  });
  r.get('/data_attributes', (req, res) => {
    const model = (req.query.model as string | undefined) ?? undefined;
    if (model && !['contact', 'company'].includes(model)) throw new ApiRefusal(400, 'parameter_invalid', 'model must be contact or company');
    const archived = String(req.query.include_archived) === 'true';
    const data = ctx.ws.attributes.filter((a) => (!model || a.model === model) && (archived || !a.archived));
    res.json({ type: 'list', data: data.map((a) => ({ type: 'data_attribute', ...a })) });
  });
  r.post('/data_attributes', (req, res) => void res.json({ type: 'data_attribute', ...createAttribute(ctx, req.body) }));
  return r;
}
