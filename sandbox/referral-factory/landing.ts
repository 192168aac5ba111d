import express from 'express';
import type { Router } from 'express';
import type { SandboxContext } from './context.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}
.card{border:1px solid #e3e3e3;border-radius:12px;padding:1.5rem}.muted{color:#6b6b6b;font-size:.875rem}</style></head>
<body><div class="card">${body}<p class="muted">Referral Factory sandbox — not the real service.</p></div></body></html>`;

/**
 * Public pages the API's links point to, so links are clickable in the demo: `/r/:code` (a
 * referral link; each visit counts as reach), `/c/:code` (a campaign) and `/qr/:code.svg`.
 */
export function landingRouter(ctx: SandboxContext): Router {
  const r = express.Router();
  r.get('/r/:code', (req, res) => {
    const user = ctx.dir.userByCode(req.params.code);
    const campaign = user ? ctx.dir.campaign(user.campaignId) : undefined;
    if (!user || !campaign) return void res.status(404).type('html').send(page('Link not found', '<h1>Link not found</h1>'));
    user.reach += 1;
    res.type('html').send(page(campaign.name, `<h1>You were invited by ${esc(user.firstName)}</h1><p>Join ${esc(campaign.name)} and you both get a reward.</p>`));
  });
  r.get('/c/:code', (req, res) => {
    const campaign = ctx.dir.campaign(req.params.code);
    if (!campaign) return void res.status(404).type('html').send(page('Campaign not found', '<h1>Campaign not found</h1>'));
    res.type('html').send(page(campaign.name, `<h1>${esc(campaign.name)}</h1><p>Share your link with friends and earn rewards.</p>`));
  });
  r.get('/qr/:file', (req, res) => {
    const code = req.params.file.replace(/\.svg$/, '');
    if (!ctx.dir.userByCode(code)) return void res.status(404).end();
    if (req.query.download) res.attachment(`${code}.svg`);
    res.type('image/svg+xml').send(
      `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160"><rect width="160" height="160" fill="#fff" stroke="#000"/><text x="80" y="85" font-family="monospace" font-size="14" text-anchor="middle">QR ${esc(code)}</text></svg>`,
    );
  });
  return r;
}
