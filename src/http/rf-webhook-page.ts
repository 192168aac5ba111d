import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppDeps } from '../app-deps.js';
import { html, messagePage, sendPage } from './pages.js';
import { RF_WEBHOOK_PREFIX } from './rf-webhook-routes.js';

// The page that shows an app admin the workspace's RF webhook URLs (the URL is the credential:
// it stays out of canvases, stored_data and logs). Reached from App settings through a signed
// link naming the workspace and the admin, good for 10 minutes and one view. Instructions follow
// RF's own webhook form (reference/referral-factory.md §3, RF-WH): one webhook per event.

const PATH = '/setup/rf-webhooks';
const TITLE = 'Referral Factory webhooks';

const EVENTS = [
  { rf: 'A new referrer joins', suffix: 'referrer-joined', does: 'the new referrer’s link and counts go to their Intercom contact' },
  { rf: 'A new lead is created', suffix: 'lead-created', does: 'the referrer’s counts are updated, and the lead’s Intercom contact gets Referred by' },
  { rf: 'A lead is qualified', suffix: 'lead-qualified', does: 'the referrer’s converted count is updated' },
] as const;

export function rfWebhookPageRoutes(deps: AppDeps, limit: RequestHandler): Router {
  const router = Router();
  const refuse = (res: Response, message: string, status = 400) => messagePage(res, status, TITLE, message);

  router.get(PATH, limit, async (req: Request, res: Response) => {
    const checked = await deps.tokens.check('rf_webhook_page', typeof req.query.token === 'string' ? req.query.token : undefined);
    if (!checked.ok) {
      return refuse(res, checked.reason === 'expired' || checked.reason === 'used'
        ? 'This link has expired or was already opened (each link shows the URLs once, for 10 minutes). Open App settings in Intercom again.'
        : 'This link is not valid. Open App settings in Intercom again to get a new one.');
    }
    const { ws, adm } = checked.token.claims;
    const inst = await deps.installations.get(ws);
    if (!inst || !inst.appAdmins.includes(adm)) return refuse(res, 'Only app admins of an installed workspace can see these URLs.', 403);
    if (!(await deps.tokens.consume(checked.token))) return refuse(res, 'This link was already opened. Open App settings in Intercom again.');
    const token = await deps.installations.rfWebhookToken(ws, adm);
    if (!token) return refuse(res, 'The app is not installed for this workspace.', 403);
    const base = `${deps.config.publicBaseUrl}${RF_WEBHOOK_PREFIX}/${token}`;
    const rows = EVENTS.map((e) => html`<li><p><b>Event: ${e.rf}</b> — ${e.does}.</p><p><code style="word-break:break-all;user-select:all">${base}/${e.suffix}</code></p></li>`);
    sendPage(res, 200, TITLE, html`<h1>${TITLE}</h1>
<p>Counts and Referred by reach Intercom within seconds when Referral Factory tells the app about referrals. These URLs are secret: anyone who has them can make the app re-read your referrers. If one leaks, use <i>Replace the webhook URLs</i> in App settings.</p>
<p>In Referral Factory: <b>Campaign Settings › Integrations and API › API &amp; Webhooks › + Create Webhook</b>, once for each event below. Method: POST. User sources: all. Keep at least one of the user's <i>id</i>, <i>code</i> or <i>email</i> fields switched on (renaming them is fine).</p>
<ol>${joinHtml(rows)}</ol>
<p>Without webhooks the app still catches up on its ongoing runs.</p>`);
  });
  return router;
}

const joinHtml = (parts: ReturnType<typeof html>[]) => html`${parts.reduce((acc, p) => html`${acc}${p}`, html``)}`;
