import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { z } from 'zod';
import { CanvasError, MAX_JSON_BYTES, initializeResponse, jsonByteLength, submitResponse } from '../../canvas/index.js';
import { type AppDeps, inboxEnvOf } from '../app-deps.js';
import type { InboxRequest, InboxResult } from '../inbox/card/inbox-env.js';
import { failureResult, initialize, submit } from '../inbox/router.js';
import { AppError } from '../shared/errors.js';
import type { AppLogger } from '../shared/logger.js';
import { InitializeRequestSchema, SubmitRequestSchema, describeIssues, toInboxRequest } from './canvas-request.js';
import { requireBodySignature } from './signature.js';

// POST /canvas/initialize and /canvas/submit: signature first (401), then JSON and the request
// schema (400), then always 200 with a canvas, even when a handler fails.

function parseCanvasBody(
  schema: z.ZodType<z.infer<typeof SubmitRequestSchema> | z.infer<typeof InitializeRequestSchema>>,
  logger: AppLogger,
): RequestHandler {
  return (req, res, next) => {
    let json: unknown;
    try {
      json = JSON.parse((req.body as Buffer).toString('utf8'));
    } catch {
      res.status(400).json({ error: 'payload_invalid', reason: 'The body is not valid JSON' });
      return;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      res.status(400).json({ error: 'payload_invalid', reason: describeIssues(parsed.error) });
      return;
    }
    const inbox = toInboxRequest(parsed.data);
    // Intercom keeps stored_data within 64 KB (canvas-kit.md §2): a larger one was not made by us.
    // Dropped here, each flow answers with its own "out of date, start again" screen.
    const bytes = inbox.storedData === undefined ? 0 : jsonByteLength(inbox.storedData);
    if (bytes > MAX_JSON_BYTES) {
      logger.warn({ workspaceId: inbox.workspaceId, componentId: inbox.componentId, code: 'stored_data_invalid', bytes }, 'stored_data refused');
      inbox.storedData = undefined;
    }
    res.locals.inbox = inbox;
    next();
  };
}

/**
 * Every failure a handler met, with its code. Expected ones (an upstream refusal, an outage, a
 * forged or stale request) at warn with the reason and no stack; anything else is a bug: error, with the stack.
 */
function logFailure(logger: AppLogger, at: Record<string, unknown>, err: unknown): void {
  if (err instanceof AppError && err.code !== 'internal') {
    logger.warn({ ...at, code: err.code, status: err.status ?? null, reason: err.message.slice(0, 200) }, 'canvas handler failed');
  } else {
    logger.error({ ...at, code: err instanceof CanvasError ? err.code : 'internal', err }, 'canvas handler failed');
  }
}

async function answer(deps: AppDeps, res: Response, flow: string, run: (r: InboxRequest) => Promise<InboxResult>): Promise<InboxResult> {
  const request = res.locals.inbox as InboxRequest;
  const started = deps.clock.now();
  const at = { flow, workspaceId: request.workspaceId, componentId: request.componentId };
  try {
    const result = await run(request);
    if (result.failure !== undefined) logFailure(deps.logger, at, result.failure);
    return result;
  } catch (err) {
    logFailure(deps.logger, at, err);
    return failureResult(err);
  } finally {
    deps.logger.info({ flow, workspaceId: request.workspaceId, componentId: request.componentId, ms: deps.clock.now() - started }, 'canvas request');
  }
}

export function canvasRoutes(deps: AppDeps): Router {
  const env = inboxEnvOf(deps);
  const router = Router();
  const guard = [express.raw({ type: () => true, limit: '1mb' }), requireBodySignature(deps.config.intercom.clientSecret, (path, signed) =>
    // Warn, not error: anyone can post here. Every request refused means INTERCOM_CLIENT_SECRET is wrong.
    deps.logger.warn({ path, signed }, 'canvas signature refused'))];

  router.post('/canvas/initialize', ...guard, parseCanvasBody(InitializeRequestSchema, deps.logger), async (_req: Request, res: Response) => {
    const result = await answer(deps, res, 'initialize', (r) => initialize(r, env));
    res.json(initializeResponse(result.canvas));
  });

  router.post('/canvas/submit', ...guard, parseCanvasBody(SubmitRequestSchema, deps.logger), async (_req: Request, res: Response) => {
    const result = await answer(deps, res, 'submit', (r) => submit(r, env));
    res.json(submitResponse(result.canvas, { completed: result.completed ?? false }));
  });

  return router;
}
