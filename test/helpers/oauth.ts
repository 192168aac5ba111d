import type { Express } from 'express';
import request from 'supertest';

// The OAuth install as an admin's browser runs it: /install (which sets the browser-binding
// cookie) → the stand-in's authorize page → its form → the redirect back to our /oauth/callback,
// sent with the cookie the browser kept.

/** Where Intercom redirects the browser, with the cookie that browser holds from /install. */
export type CallbackUrl = URL & { cookie: string };

/** The `name=value` pairs of a response's Set-Cookie headers, as a browser sends them back. */
export const cookiesOf = (res: { headers: Record<string, unknown> }): string =>
  ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** Follows /install to Intercom's authorize page and presses the button; returns the callback URL Intercom redirects to. */
export async function authorizeAtIntercom(app: Express, choice: 'authorize' | 'cancel' = 'authorize', o: { as?: string } = {}): Promise<CallbackUrl> {
  const start = await request(app).get('/install');
  const cookie = cookiesOf(start);
  if (start.status !== 302) throw new Error(`/install answered ${start.status}`);
  const page = await fetch(start.headers.location as string);
  const html = await page.text();
  const forms = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)].map((m) => m[0]);
  if (forms.length === 0) throw new Error(`no form on the authorize page (${page.status})`);
  const fields = new URLSearchParams();
  const form = forms[0]!;
  for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (name && /type="hidden"/i.test(input)) fields.append(name, unescape(attr(input, 'value') ?? ''));
  }
  if (o.as) fields.append('admin_id', o.as); // "Install as" on the stand-in's page
  const buttons = form.match(/<button\b[^>]*>[\s\S]*?<\/button>/gi) ?? [];
  const button = buttons.find((b) => new RegExp(choice, 'i').test(b)) ?? (choice === 'authorize' ? buttons[0] : undefined);
  const bName = button ? attr(button, 'name') : undefined;
  if (bName) fields.append(bName, unescape(attr(button!, 'value') ?? ''));
  const action = new URL(unescape(attr(form, 'action') ?? ''), page.url);
  const res = await fetch(action, { method: 'POST', body: fields, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const location = res.headers.get('location');
  if (!location) throw new Error(`the authorize form answered ${res.status} without a redirect`);
  return Object.assign(new URL(location, action), { cookie });
}

/** Calls our callback with the query Intercom redirected with, from the browser that started (or `cookie`). */
export function followCallback(app: Express, callback: CallbackUrl, o: { cookie?: string } = {}) {
  const req = request(app).get(`${callback.pathname}${callback.search}`);
  const cookie = o.cookie ?? callback.cookie;
  return cookie ? req.set('cookie', cookie) : req;
}
