import { z } from 'zod';
import { ApiRefusal } from './errors.js';
import { fieldAccess, type FieldAccess } from './search-fields.js';
import type { AttrValue, StoredContact, Workspace } from './model.js';

/** Contact search semantics: https://developers.intercom.com/docs/references/rest-api/api.intercom.io/contacts/searchcontacts */
const FilterSchema = z.object({ field: z.string(), operator: z.string(), value: z.unknown() });
type Node = { operator: 'AND' | 'OR'; value: unknown[] } | z.infer<typeof FilterSchema>;
type Predicate = (c: StoredContact) => boolean;

const MAX_FILTERS_PER_GROUP = 15;
const MAX_GROUP_DEPTH = 2;
const OPERATORS = new Set(['=', '!=', 'IN', 'NIN', '>', '<', '>=', '<=', '~', '!~', '^', '$']);

export interface SearchContext {
  ws: Workspace;
  /** Stable versions (≤ 2.16) compare dates by calendar day in the workspace's time zone. */
  dayGranular: boolean;
  dayOf(unixSeconds: number): number;
}

export function compileQuery(query: unknown, ctx: SearchContext): Predicate {
  return compileNode(query, ctx, 0);
}

function compileNode(node: unknown, ctx: SearchContext, depth: number): Predicate {
  if (node && typeof node === 'object' && Array.isArray((node as { value?: unknown }).value) && ['AND', 'OR'].includes((node as Node).operator)) {
    const group = node as { operator: 'AND' | 'OR'; value: unknown[] };
    if (depth >= MAX_GROUP_DEPTH) throw new ApiRefusal(400, 'parameter_invalid', `Search queries can be nested at most ${MAX_GROUP_DEPTH} levels deep`);
    if (group.value.length === 0) throw new ApiRefusal(400, 'parameter_invalid', 'A search group needs at least one filter');
    if (group.value.length > MAX_FILTERS_PER_GROUP) {
      throw new ApiRefusal(400, 'parameter_invalid', `A search group can hold at most ${MAX_FILTERS_PER_GROUP} filters, got ${group.value.length}`);
    }
    const parts = group.value.map((v) => compileNode(v, ctx, depth + 1));
    return group.operator === 'AND' ? (c) => parts.every((p) => p(c)) : (c) => parts.some((p) => p(c));
  }
  const parsed = FilterSchema.safeParse(node);
  if (!parsed.success) throw new ApiRefusal(400, 'parameter_invalid', 'Each search filter needs field, operator and value');
  return compileFilter(parsed.data.field, parsed.data.operator, parsed.data.value, ctx);
}

function compileFilter(field: string, op: string, value: unknown, ctx: SearchContext): Predicate {
  if (!OPERATORS.has(op)) throw new ApiRefusal(400, 'parameter_invalid', `'${op}' is not a valid operator`);
  const access = fieldAccess(ctx.ws, field);
  const refuse = (): never => {
    throw new ApiRefusal(400, 'parameter_invalid', `Operator '${op}' is not supported for field '${field}'`);
  };
  if (access.kind === 'segment') {
    if (op !== '=' && op !== '!=') refuse();
    const id = String(value);
    return op === '=' ? (c) => c.segmentIds.has(id) : (c) => !c.segmentIds.has(id);
  }
  if (op === 'IN' || op === 'NIN') {
    if (access.kind === 'date' || !Array.isArray(value)) refuse();
    const set = new Set((value as unknown[]).map((v) => norm(v)));
    return op === 'IN' ? (c) => set.has(norm(access.get(c))) : (c) => !set.has(norm(access.get(c)));
  }
  if (access.kind === 'date') return compileDate(access, op, value, ctx, refuse);
  if (['~', '!~', '^', '$'].includes(op)) {
    if (access.kind !== 'string') refuse();
    return stringMatch(access, op, String(value));
  }
  if (['>', '<', '>=', '<='].includes(op)) {
    if (access.kind !== 'integer' && access.kind !== 'float') refuse();
    const n = Number(value);
    return (c) => {
      const v = access.get(c);
      return typeof v === 'number' && (op === '>' ? v > n : op === '<' ? v < n : op === '>=' ? v >= n : v <= n);
    };
  }
  return op === '=' ? (c) => norm(access.get(c)) === norm(value) : (c) => norm(access.get(c)) !== norm(value);
}

function compileDate(access: FieldAccess, op: string, value: unknown, ctx: SearchContext, refuse: () => never): Predicate {
  const t = Number(value);
  if (!Number.isFinite(t)) throw new ApiRefusal(400, 'parameter_invalid', 'Date filters take a unix timestamp in seconds');
  if (ctx.dayGranular) {
    if (!['=', '>', '<'].includes(op)) refuse();
    const day = ctx.dayOf(t);
    return (c) => {
      const v = access.get(c);
      if (typeof v !== 'number') return false;
      const d = ctx.dayOf(v);
      return op === '=' ? d === day : op === '>' ? d > day : d < day;
    };
  }
  return (c) => {
    const v = access.get(c);
    if (typeof v !== 'number') return op === '!=';
    return op === '=' ? v === t : op === '!=' ? v !== t : op === '>' ? v > t : op === '<' ? v < t : op === '>=' ? v >= t : v <= t;
  };
}

function stringMatch(access: FieldAccess, op: string, needle: string): Predicate {
  const n = needle.toLowerCase();
  return (c) => {
    const raw = access.get(c);
    const v = typeof raw === 'string' ? raw.toLowerCase() : '';
    const hit = op === '^' ? v.startsWith(n) : op === '$' ? v.endsWith(n) : v.includes(n);
    return op === '!~' ? !hit : hit && raw !== null;
  };
}

const norm = (v: unknown): AttrValue => (typeof v === 'string' ? v : (v as AttrValue) ?? null);
