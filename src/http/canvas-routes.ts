import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { z } from 'zod';
import { initializeResponse, submitResponse } from '../../canvas/index.js';
import { type AppDeps, inboxEnvOf } from '../app-deps.js';
import type { InboxRequest, InboxResult } from '../inbox/card/inbox-env.js';
import { failureResult, initialize, submit } from '../inbox/router.js';
import { InitializeRequestSchema, SubmitRequestSchema, describeIssues, toInboxRequest } from './canvas-request.js';
import { requireBodySignature } from './signature.js';

// POST /canvas/initialize and /canvas/submit: signature first (401), then JSON and the request
// schema (400), then always 200 with a canvas, even when a handler fails.

function parseCanvasBody(schema: z.ZodType<z.infer<typeof SubmitRequestSchema> | z.infer<typeof InitializeRequestSchema>>): RequestHandler {
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
    res.locals.inbox = toInboxRequest(parsed.data);
    next();
  };
}

async function answer(deps: AppDeps, res: Response, flow: string, run: (r: InboxRequest) => Promise<InboxResult>): Promise<InboxResult> {
  const request = res.locals.inbox as InboxRequest;
  const started = deps.clock.now();
  try {
    return await run(request);
  } catch (err) {
    const failed = failureResult(err);
    deps.logger.error({ flow, workspaceId: request.workspaceId, componentId: request.componentId, code: failed.code, err }, 'canvas handler failed');
    return failed;
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

  router.post('/canvas/initialize', ...guard, parseCanvasBody(InitializeRequestSchema), async (_req: Request, res: Response) => {
    const result = await answer(deps, res, 'initialize', (r) => initialize(r, env));
    res.json(initializeResponse(result.canvas));
  });

  router.post('/canvas/submit', ...guard, parseCanvasBody(SubmitRequestSchema), async (_req: Request, res: Response) => {
    const result = await answer(deps, res, 'submit', (r) => submit(r, env));
    res.json(submitResponse(result.canvas, { completed: result.completed ?? false }));
  });

  return router;
}
