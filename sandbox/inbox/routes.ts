import express, { type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import { callApp } from './app-caller.js';
import { initializeBody, submitBody, type RequestContext } from './canvas-request.js';
import type { InboxSimulatorOptions } from './options.js';
import type { PageAssets } from './page-assets.js';
import { publicSetup, type ResolvedSetup } from './setup.js';
import {
  ContactsQuerySchema,
  InitializeCallSchema,
  SimulateReferralSchema,
  SubmitCallSchema,
  type InitializeCall,
} from './wire.js';
import { conversationView, type RestConversation, type WorkspaceApi } from './workspace-api.js';
import type { CanvasCallResult } from './wire.js';

export interface RouteDeps {
  options: InboxSimulatorOptions;
  api: WorkspaceApi;
  setup: () => Promise<ResolvedSetup>;
  assets: () => Promise<PageAssets>;
}

export function inboxRoutes(deps: RouteDeps): express.Router {
  const { options, api } = deps;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const appUrl = (path: string): string => new URL(path, options.appBaseUrl).toString();
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/', async (req, res) => {
    // The page uses relative URLs, so it must be served from a path ending in "/".
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(302, `${req.baseUrl}/`);
    res.type('html').send((await deps.assets()).html);
  });
  router.get('/app.js', async (_req, res) => {
    res.type('application/javascript').send((await deps.assets()).script);
  });
  router.get('/styles.css', async (_req, res) => {
    res.type('text/css').send((await deps.assets()).css);
  });
  router.get('/setup.json', async (_req, res) => {
    res.json(publicSetup(await deps.setup(), { timeoutMs, canSimulateReferrals: !!options.referralActivity, hasEvents: !!options.events }));
  });

  router.get('/api/contacts', async (req, res) => {
    const query = ContactsQuerySchema.parse(req.query);
    res.json(await api.listContacts({ ...query }));
  });

  async function context(call: InitializeCall): Promise<RequestContext> {
    const setup = await deps.setup();
    const teammate = setup.teammates.find((t) => t.id === call.teammateId);
    if (!teammate) throw new BadRequest(`unknown teammate ${call.teammateId}`);
    const [contact, conversation] = await Promise.all([
      api.getContact(call.contactId),
      api.conversationOf(call.contactId).catch((): RestConversation | undefined => undefined),
    ]);
    const admin = setup.admins.get(teammate.id);
    return { workspace: setup.workspace, teammate, ...(admin ? { admin } : {}), contact, ...(conversation ? { conversation } : {}), now: now() };
  }

  /** The conversation as it is after the app answered (the app may have replied in it). */
  async function withConversation(result: CanvasCallResult, ctx: RequestContext): Promise<CanvasCallResult> {
    const id = ctx.conversation?.['id'];
    if (typeof id !== 'string') return result;
    const after = await api.getConversation(id).catch(() => undefined);
    return { ...result, conversation: after ? conversationView(after) : null };
  }

  router.post('/api/initialize', async (req, res) => {
    const call = InitializeCallSchema.parse(req.body);
    const ctx = await context(call);
    const url = appUrl(options.canvasPaths?.initialize ?? '/canvas/initialize');
    const result = await callApp({ flow: 'initialize', url, body: initializeBody(ctx), clientSecret: options.clientSecret, timeoutMs, firstCanvas: true });
    res.json(await withConversation(result, ctx));
  });

  router.post('/api/submit', async (req, res) => {
    const call = SubmitCallSchema.parse(req.body);
    const ctx = await context(call);
    const url = appUrl(options.canvasPaths?.submit ?? '/canvas/submit');
    const result = await callApp({ flow: 'submit', url, body: submitBody(ctx, call), clientSecret: options.clientSecret, timeoutMs, firstCanvas: false });
    res.json(await withConversation(result, ctx));
  });

  router.get('/api/events', async (_req, res) => {
    res.json({ events: options.events ? await options.events() : [] });
  });

  router.post('/api/simulate-referral', async (req, res) => {
    if (!options.referralActivity) throw new BadRequest('no Referral Factory stand-in is attached');
    const input = SimulateReferralSchema.parse(req.body);
    try {
      const result = await options.referralActivity.simulateReferral({
        referrerEmail: input.email,
        count: input.count,
        qualified: input.qualified,
      });
      res.json({ ok: true, result: result ?? null });
    } catch (err) {
      // e.g. the contact is not a referrer (yet): the stand-in refuses, the page says why.
      throw new BadRequest(err instanceof Error ? err.message : String(err));
    }
  });

  router.use(errorHandler);
  return router;
}

class BadRequest extends Error {}

function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof z.ZodError) {
    res.status(400).json({ error: err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  } else if (err instanceof BadRequest) {
    res.status(400).json({ error: err.message });
  } else {
    res.status(502).json({ error: err instanceof Error ? err.message : String(err) });
  }
}
