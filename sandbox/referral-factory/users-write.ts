import type { ApiHandler, SandboxContext } from './context.js';
import { fail } from './context.js';
import { formOf, mergeMeta } from './meta-fields.js';
import type { UserRecord } from './model.js';
import { CreateUserBody, issuesToErrors, QualificationBody, UpdateUserBody } from './request-schemas.js';
import { findUser, userNotFound } from './users-read.js';
import { userWire, validationBody } from './wire.js';

const invalid = (errors: Record<string, string[]>) => fail(422, validationBody(errors));
const ok = (ctx: SandboxContext, user: UserRecord, status = 200) => {
  ctx.counters.writes += 1;
  return { status, body: { data: userWire(user, ctx.publicUrl, false) } };
};

/** `POST /users` → 201 `{ data: user }`; every refusal is a 422 with RF's error shape. */
export const createUser: ApiHandler = (ctx, req) => {
  const parsed = CreateUserBody.safeParse(req.body);
  if (!parsed.success) return invalid(issuesToErrors(parsed.error));
  const b = parsed.data;
  const campaign = ctx.dir.campaign(b.campaign_id);
  if (!campaign || String(campaign.id) !== String(b.campaign_id)) return invalid({ campaign_id: ['The selected campaign id is invalid.'] });
  const errors: Record<string, string[]> = {};
  if (ctx.dir.userByEmail(campaign.id, b.email)) errors.email = ['The email has already been taken.'];
  let referrer: UserRecord | undefined;
  if (b.referrer) {
    const r = b.referrer;
    referrer = r.field === 'id' ? ctx.dir.userById(Number(r.value)) : r.field === 'code' ? ctx.dir.userByCode(r.value) : ctx.dir.userByEmail(campaign.id, r.value);
    if (!referrer || referrer.campaignId !== campaign.id) errors.referrer = ['The selected referrer is invalid.'];
  }
  const type = b.referrer ? 'person_invited' : 'person_referring';
  const merged = mergeMeta(formOf(campaign, type), [], b.meta ?? [], true);
  if ('errors' in merged) Object.assign(errors, merged.errors);
  if (Object.keys(errors).length || 'errors' in merged) return invalid(errors);
  const user = ctx.dir.addUser({
    campaignId: campaign.id,
    referrerId: referrer?.id ?? null,
    firstName: b.first_name,
    email: b.email,
    source: 'Api',
    type,
    ip: req.ip,
    signedUpAt: ctx.now(),
    qualifiedAt: null,
    unsubscribedAt: null,
    meta: merged.meta,
    notified: b.notify !== false,
  });
  return ok(ctx, user, 201);
};

const byNumericId = (ctx: SandboxContext, identifier: string | undefined) =>
  /^\d+$/.test(identifier ?? '') ? ctx.dir.userById(Number(identifier)) : undefined;

/** `PUT /users/{id}`: first_name, email, meta (merged by label), qualified (seen on v1). */
export const updateUser: ApiHandler = (ctx, req) => {
  const user = byNumericId(ctx, req.params.identifier);
  if (!user) return userNotFound();
  const parsed = UpdateUserBody.safeParse(req.body);
  if (!parsed.success) return invalid(issuesToErrors(parsed.error));
  const b = parsed.data;
  const errors: Record<string, string[]> = {};
  if (b.campaign_id !== undefined && b.campaign_id !== user.campaignId) errors.campaign_id = ['The campaign id cannot be changed.'];
  const other = b.email === undefined ? undefined : ctx.dir.userByEmail(user.campaignId, b.email);
  if (other && other.id !== user.id) errors.email = ['The email has already been taken.'];
  const campaign = ctx.dir.campaign(user.campaignId);
  const merged = campaign ? mergeMeta(formOf(campaign, user.type), user.meta, b.meta ?? [], false) : { meta: user.meta };
  if ('errors' in merged) Object.assign(errors, merged.errors);
  if (Object.keys(errors).length || 'errors' in merged) return invalid(errors);
  if (b.first_name !== undefined) user.firstName = b.first_name;
  if (b.email !== undefined) ctx.dir.changeEmail(user, b.email);
  user.meta = merged.meta;
  if (b.qualified !== undefined) ctx.dir.setQualified(user, b.qualified ? (user.qualifiedAt ?? ctx.now()) : null);
  return ok(ctx, user);
};

/** `DELETE /users/{id}` → 200 `{ code: 200, message }`; irreversible. */
export const deleteUser: ApiHandler = (ctx, req) => {
  const user = byNumericId(ctx, req.params.identifier);
  if (!user) return userNotFound();
  ctx.dir.deleteUser(user);
  ctx.counters.writes += 1;
  return { status: 200, body: { code: 200, message: 'User deleted successfully.' } };
};

/** `PUT /users/qualification`: by `id`, or `code`, or `email` + `campaign_id`; `qualified` required. */
export const qualifyUser: ApiHandler = (ctx, req) => {
  const parsed = QualificationBody.safeParse(req.body);
  if (!parsed.success) return invalid(issuesToErrors(parsed.error));
  const b = parsed.data;
  if (b.id === undefined && b.code === undefined && (b.email === undefined || b.campaign_id === undefined)) {
    return invalid({ id: ['The id field is required when none of code / email and campaign id are present.'] });
  }
  const user =
    b.id !== undefined ? ctx.dir.userById(b.id) : b.code !== undefined ? ctx.dir.userByCode(b.code) : findUser(ctx, b.email as string, b.campaign_id ?? null);
  if (!user) return userNotFound();
  ctx.dir.setQualified(user, b.qualified ? (user.qualifiedAt ?? ctx.now()) : null);
  return ok(ctx, user);
};
