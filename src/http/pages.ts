import type { Response } from 'express';

// Small server-rendered pages (install result, RF setup). Every dynamic value is escaped; no
// script; the CSP forbids everything but inline styles and posting to ourselves.

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Trusted markup built only from escaped pieces. */
export class Html {
  constructor(readonly markup: string) {}
}
export const html = (strings: TemplateStringsArray, ...values: Array<string | number | Html>): Html =>
  new Html(strings.reduce((out, s, i) => {
    const v = values[i - 1];
    return out + (v instanceof Html ? v.markup : escape(String(v))) + s;
  }));

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.3rem}.error{color:#b00020}.ok{color:#0a6b2d}label{display:block;margin:1rem 0 .3rem}
input[type=password]{width:100%;padding:.5rem;font:inherit}button{margin-top:1rem;padding:.5rem 1rem;font:inherit}`;

/** Wide pages (a table of contacts): the full width, tables that wrap their cells. */
const WIDE = `body{max-width:72rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #ddd;overflow-wrap:anywhere}th{font-weight:600;white-space:nowrap;overflow-wrap:normal}.muted{color:#555}`;

export function sendPage(res: Response, status: number, title: string, body: Html, opts: { wide?: boolean } = {}): void {
  res
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // same-origin, not no-referrer: with no-referrer Chromium posts forms with `Origin: null`, which the
      // cross-site check must refuse; same-origin still keeps the setup link's token from other sites.
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    })
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
      + `<title>${escape(title)}</title><style>${STYLE}${opts.wide ? WIDE : ''}</style></head><body>${body.markup}</body></html>`);
}

export const messagePage = (res: Response, status: number, title: string, message: string, tone: 'ok' | 'error' = 'error') =>
  sendPage(res, status, title, html`<h1>${title}</h1><p class="${tone}">${message}</p>`);
