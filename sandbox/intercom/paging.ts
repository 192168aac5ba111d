import { ApiRefusal } from './errors.js';

/** `per_page`: up to 150 on every list API; the default differs by endpoint (search 50, GET /contacts 10). */
export function perPageOf(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ApiRefusal(400, 'parameter_invalid', 'per_page must be a positive integer');
  if (n > 150) throw new ApiRefusal(400, 'parameter_invalid', 'per_page must be 150 or less');
  return n;
}

/** `pages` as recorded: `total_pages: 0` on an empty result, `next` absent on the last page. */
export function pagesObject(page: number, perPage: number, total: number, next: string | null) {
  return {
    type: 'pages',
    page,
    per_page: perPage,
    total_pages: Math.ceil(total / perPage),
    ...(next ? { next: { page: page + 1, starting_after: next } } : {}),
  };
}
