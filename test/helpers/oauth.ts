import type { Express } from 'express';
import request from 'supertest';

// The OAuth install as an admin's browser runs it: /install → the stand-in's authorize page →
// its form → the redirect back to our /oauth/callback.

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** Follows /install to Intercom's authorize page and presses the button; returns the callback URL Intercom redirects to. */
export async function authorizeAtIntercom(app: Express, choice: 'authorize' | 'cancel' = 'authorize'): Promise<URL> {
  const start = await request(app).get('/install');
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
  const buttons = form.match(/<button\b[^>]*>[\s\S]*?<\/button>/gi) ?? [];
  const button = buttons.find((b) => new RegExp(choice, 'i').test(b)) ?? (choice === 'authorize' ? buttons[0] : undefined);
  const bName = button ? attr(button, 'name') : undefined;
  if (bName) fields.append(bName, unescape(attr(button!, 'value') ?? ''));
  const action = new URL(unescape(attr(form, 'action') ?? ''), page.url);
  const res = await fetch(action, { method: 'POST', body: fields, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const location = res.headers.get('location');
  if (!location) throw new Error(`the authorize form answered ${res.status} without a redirect`);
  return new URL(location, action);
}

/** Calls our callback with the query Intercom redirected with. */
export const followCallback = (app: Express, callback: URL) => request(app).get(`${callback.pathname}${callback.search}`);
