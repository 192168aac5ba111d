import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** Intercom's error body: https://developers.intercom.com/docs/references/rest-api/errors/error-objects */
export const errorList = (code: string, message: string) => ({
  type: 'error.list',
  request_id: randomUUID(),
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
