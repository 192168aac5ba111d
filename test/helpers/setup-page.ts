import type { Express } from 'express';
import request from 'supertest';

// Drives the Referral Factory setup page like a browser: GET the form (cookie + hidden fields),
// then POST it back from the same origin.

export interface SetupForm {
  token: string;
  csrf: string;
  cookie: string;
  status: number;
  html: string;
}

export async function openSetupPage(app: Express, setupUrl: string): Promise<SetupForm> {
  const url = new URL(setupUrl);
  const res = await request(app).get(`${url.pathname}${url.search}`);
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(res.text)?.[1] ?? '';
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { token: hidden('token'), csrf: hidden('csrf'), cookie, status: res.status, html: res.text };
}

export function postSetupForm(app: Express, form: Pick<SetupForm, 'token' | 'csrf' | 'cookie'>, apiKey: string, headers: Record<string, string> = {}) {
  const req = request(app).post('/setup/referral-factory').type('form').set({ 'sec-fetch-site': 'same-origin', ...headers });
  return (form.cookie ? req.set('cookie', form.cookie) : req).send({ token: form.token, csrf: form.csrf, api_key: apiKey });
}
