import express, { type ErrorRequestHandler, type Express } from 'express';
import type { AppDeps } from '../app-deps.js';
import { canvasRoutes } from './canvas-routes.js';
import { healthRoutes } from './health-routes.js';
import { installRoutes } from './install-routes.js';
import { intercomWebhookRoutes, type WebhookOptions } from './intercom-webhook-routes.js';
import { pageRateLimit, type RateLimitStoreFactory } from './rate-limits.js';
import { runErrorsRoutes } from './run-errors-routes.js';
import { rfWebhookPageRoutes } from './rf-webhook-page.js';
import { rfWebhookRoutes, type RfWebhookOptions } from './rf-webhook-routes.js';
import { setupRoutes } from './setup-routes.js';

export interface HttpOptions {
  /** Where the per-address limits count; default: in this process (see rate-limits.ts). */
  rateLimitStore?: RateLimitStoreFactory;
  /** How long /ready waits for each dependency; default READY_TIMEOUT_MS. */
  readyTimeoutMs?: number;
  /** Intercom webhooks: the per-workspace limit and where it counts. */
  webhooks?: WebhookOptions;
  /** Referral Factory webhooks: the per-workspace limit and where it counts. */
  rfWebhooks?: RfWebhookOptions;
}

/** The HTTP app. Everything it needs comes in `deps`: no module state, so tests build many. */
export function createApp(deps: AppDeps, options: HttpOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // TRUST_PROXY: which proxies may name the client (req.ip), for the per-address limits.
  app.set('trust proxy', deps.config.trustProxy);
  const limit = (group: 'install' | 'setup') =>
    pageRateLimit(group, { ...deps.config.rateLimit, logger: deps.logger, store: options.rateLimitStore });

  app.use(healthRoutes(deps, options.readyTimeoutMs));
  app.use(canvasRoutes(deps));
  app.use(intercomWebhookRoutes(deps, options.webhooks));
  app.use(rfWebhookRoutes(deps, options.rfWebhooks));
  app.use(installRoutes(deps, limit('install')));
  app.use(setupRoutes(deps, limit('setup')));
  app.use(runErrorsRoutes(deps));
  app.use(rfWebhookPageRoutes(deps, limit('setup')));

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  // Last resort (a body parser's 413, a bug): a short JSON answer, never a stack trace.
  const onError: ErrorRequestHandler = (err: { status?: number; type?: string }, req, res, _next) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    // Only the type: a parser's error object can carry the body it failed on. A 4xx is the
    // client's doing (an oversized or malformed body from anyone): warn, not error.
    deps.logger[status < 500 ? 'warn' : 'error']({ path: req.path, status, type: err.type ?? null }, 'request failed');
    res.status(status).json({ error: status === 500 ? 'internal' : 'request_invalid' });
  };
  app.use(onError);
  return app;
}
