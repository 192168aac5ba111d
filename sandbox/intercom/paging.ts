import { ApiRefusal } from './errors.js';

/** Opaque cursor: base64 of [last seq, page], like Intercom's own base64 JSON arrays. */
export const encodeCursor = (seq: number, page: number): string => Buffer.from(JSON.stringify([seq, page])).toString('base64');

export function decodeCursor(cursor: string | undefined): { seq: number; page: number } {
  if (!cursor) return { seq: -1, page: 1 };
  try {
    const [seq, page] = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as [number, number];
    if (Number.isInteger(seq) && Number.isInteger(page)) return { seq, page: page + 1 };
  } catch {
    // fall through
  }
  throw new ApiRefusal(400, 'parameter_invalid', 'starting_after is not a valid cursor');
}

export function perPageOf(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ApiRefusal(400, 'parameter_invalid', 'per_page must be a positive integer');
  if (n > 150) throw new ApiRefusal(400, 'parameter_invalid', 'per_page must be 150 or less');
  return n;
}

export function pagesObject(page: number, perPage: number, total: number, next: string | null) {
  return {
    type: 'pages',
    page,
    per_page: perPage,
    total_pages: Math.max(1, Math.ceil(total / perPage)),
    ...(next ? { next: { page: page + 1, starting_after: next } } : {}),
  };
}
