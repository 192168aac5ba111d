import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/**
 * Real request ids are 20 lowercase base-32 characters (`b4lgfoceq2b4v78dj4k0` in intercom/intercom-php #257,
 * `b2jiv6iroeecej5qclm0` in intercom/intercom-dotnet #109; the same form in `x-request-id` headers), not the UUIDs the 2.14 schema's
 * `format: uuid` promises.
 */
export const requestId = (): string => Array.from(randomBytes(20), (b) => ALPHABET[b & 31]).join('');

/** Intercom's error body: https://developers.intercom.com/docs/references/rest-api/errors/error-objects */
export const errorList = (code: string, message: string) => ({
  type: 'error.list',
  request_id: requestId(),
  errors: [{ code, message }],
});

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json(errorList(code, message));
}

/** A refusal raised deep in a handler, turned into an error.list by the router. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
