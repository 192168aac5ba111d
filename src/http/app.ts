import express, { type ErrorRequestHandler, type Express } from 'express';
import type { AppDeps } from '../app-deps.js';
import { canvasRoutes } from './canvas-routes.js';
import { installRoutes } from './install-routes.js';
import { setupRoutes } from './setup-routes.js';

/** The HTTP app. Everything it needs comes in `deps`: no module state, so tests build many. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(canvasRoutes(deps));
  app.use(installRoutes(deps));
  app.use(setupRoutes(deps));

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  // Last resort (a body parser's 413, a bug): a short JSON answer, never a stack trace.
  const onError: ErrorRequestHandler = (err: { status?: number; type?: string }, req, res, _next) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    // Only the type: a parser's error object can carry the body it failed on.
    deps.logger.error({ path: req.path, status, type: err.type ?? null }, 'request failed');
    res.status(status).json({ error: status === 500 ? 'internal' : 'request_invalid' });
  };
  app.use(onError);
  return app;
}
