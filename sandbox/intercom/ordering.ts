import type { SortSpec } from './behaviour.js';
import { ApiRefusal } from './errors.js';
import type { AttrValue, StoredContact, Workspace } from './model.js';
import { fieldAccess } from './search-fields.js';

/**
 * Result order and the stateless cursor. Intercom's cursors are base64 JSON arrays holding the last
 * item's sort position, e.g. `[1707930081000,131,2]` = [sort key in ms, id, page]
 * (https://developers.intercom.com/docs/build-an-integration/learn-more/rest-apis/pagination).
 * The next page is whatever sorts after that position *now*: a contact whose sort key changes
 * between two pages can be skipped or returned twice, as Intercom warns.
 */
export interface Ordering {
  compare(a: StoredContact, b: StoredContact): number;
  /** > 0 when `c` sorts after the cursor's position. */
  afterPosition(c: StoredContact, pos: CursorPosition): number;
  cursor(last: StoredContact, page: number): string;
  /** Reads a cursor this ordering wrote; anything else is a 400. */
  decode(cursor: string | null | undefined): CursorPosition | null;
}

export interface CursorPosition {
  key: AttrValue;
  id: string;
  page: number;
}

const ORDERS = ['ascending', 'descending'];

/** Validates a request's `sort` (or takes the default when there is none). */
export function orderingFor(ws: Workspace, raw: unknown, fallback: SortSpec): Ordering {
  let spec = fallback;
  if (raw !== undefined && raw !== null) {
    const r = raw as { field?: unknown; order?: unknown };
    if (typeof raw !== 'object' || typeof r.field !== 'string') throw new ApiRefusal(400, 'parameter_invalid', 'sort must be an object with a field');
    if (r.order !== undefined && !ORDERS.includes(String(r.order))) {
      // Documented from 2.16 (contact_search_request): 400 invalid_sort_order.
      throw new ApiRefusal(400, 'invalid_sort_order', `'${String(r.order)}' is not a valid sort order: use ascending or descending`);
    }
    spec = { field: r.field, order: (r.order as SortSpec['order'] | undefined) ?? 'descending' };
  }
  return makeOrdering(ws, spec);
}

function makeOrdering(ws: Workspace, spec: SortSpec): Ordering {
  let access;
  try {
    access = fieldAccess(ws, spec.field);
  } catch {
    access = undefined;
  }
  if (!access || access.kind === 'segment') throw new ApiRefusal(400, 'parameter_invalid', `'${spec.field}' is not a valid sort field`);
  const get = access.get;
  const isDate = access.kind === 'date';
  const sign = spec.order === 'ascending' ? 1 : -1;
  // Missing values sort last in either order; ties are broken by id in the same direction.
  const cmp = (ka: AttrValue, ida: string, kb: AttrValue, idb: string): number => {
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      return (ka < kb ? -1 : 1) * sign;
    }
    return ida === idb ? 0 : (ida < idb ? -1 : 1) * sign;
  };
  return {
    compare: (a, b) => cmp(get(a), a.id, get(b), b.id),
    afterPosition: (c, pos) => cmp(get(c), c.id, pos.key, pos.id),
    // Dates travel in ms, like Intercom's own cursors.
    cursor: (last, page) => {
      const key = get(last);
      const encoded = isDate && typeof key === 'number' ? key * 1000 : key;
      return Buffer.from(JSON.stringify([encoded, last.id, page])).toString('base64');
    },
    decode: (cursor) => {
      if (!cursor) return null;
      try {
        const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as unknown;
        if (Array.isArray(parsed) && parsed.length === 3 && typeof parsed[1] === 'string' && Number.isInteger(parsed[2])) {
          const [key, id, page] = parsed as [AttrValue, string, number];
          return { key: isDate && typeof key === 'number' ? key / 1000 : key, id, page };
        }
      } catch {
        // fall through
      }
      throw new ApiRefusal(400, 'parameter_invalid', 'starting_after is not a valid cursor');
    },
  };
}

/** The `k` first items in an order, from one pass over a larger set (a bounded max-heap). */
export class FirstK<T> {
  private heap: T[] = [];
  constructor(
    private readonly k: number,
    private readonly cmp: (a: T, b: T) => number,
  ) {}

  offer(item: T): void {
    const h = this.heap;
    if (h.length < this.k) {
      h.push(item);
      this.up(h.length - 1);
    } else if (this.k > 0 && this.cmp(item, h[0] as T) < 0) {
      h[0] = item;
      this.down(0);
    }
  }

  sorted(): T[] {
    return [...this.heap].sort(this.cmp);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.cmp(h[i] as T, h[p] as T) <= 0) break;
      [h[i], h[p]] = [h[p] as T, h[i] as T];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.cmp(h[l] as T, h[m] as T) > 0) m = l;
      if (r < h.length && this.cmp(h[r] as T, h[m] as T) > 0) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m] as T, h[i] as T];
      i = m;
    }
  }
}
