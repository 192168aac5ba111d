import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testApp } from '../helpers/app.js';

const ManifestSchema = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  canvas_kit: z.object({ inbox: z.object({ initialize_url: z.string().startsWith('/'), submit_url: z.string().startsWith('/') }) }),
  oauth: z.object({
    install_url: z.string().startsWith('/'),
    redirect_url: z.string().startsWith('/'),
    scopes: z.array(z.object({ name: z.string().min(1), why: z.string().min(10) })).min(1),
  }),
  pages: z.record(z.string(), z.string().startsWith('/')),
  webhooks: z.object({ url: z.string().startsWith('/'), note: z.string().min(10) }),
  webhook_topics: z.array(z.object({ topic: z.string().min(1), permission: z.string().min(1), why: z.string().min(10) })),
});

const manifest = ManifestSchema.parse(JSON.parse(await readFile(new URL('../../app-manifest.json', import.meta.url), 'utf8')));

describe('app-manifest.json', () => {
  it('when every path the manifest names is requested, then the app serves it (never 404)', async () => {
    const { app } = await testApp();
    const posts = [manifest.canvas_kit.inbox.initialize_url, manifest.canvas_kit.inbox.submit_url];
    const gets = [manifest.oauth.install_url, manifest.oauth.redirect_url, ...Object.values(manifest.pages)];
    // Intercom checks the webhook URL with HEAD; an unsigned POST is refused, not missing.
    expect((await request(app).head(manifest.webhooks.url)).status).toBe(200);
    expect((await request(app).post(manifest.webhooks.url).send('{}')).status).toBe(401);
    for (const path of posts) expect((await request(app).post(path).send('{}')).status, path).not.toBe(404);
    for (const path of gets) expect((await request(app).get(path)).status, path).not.toBe(404);
    expect((await request(app).get('/no-such-page')).status).toBe(404);
  });

  it('when read, then each webhook topic names a permission the app asks for, and the app handles every topic it lists', async () => {
    const { HANDLED_TOPICS } = await import('../../src/sync/contact-events.js');
    const scopes = new Set(manifest.oauth.scopes.map((s) => s.name));
    for (const t of manifest.webhook_topics) {
      expect(scopes.has(t.permission), t.topic).toBe(true);
      expect(HANDLED_TOPICS, t.topic).toContain(t.topic);
    }
    expect(manifest.webhook_topics.map((t) => t.topic)).toContain('contact.user.created');
    expect(manifest.oauth.scopes.map((s) => s.name)).toContain('Write data attributes');
    // The card's "Send link to customer" replies in the conversation (src/inbox/card/send-link.ts).
    expect(manifest.oauth.scopes.find((s) => s.name === 'Write conversations')?.why).toMatch(/reply|replies/i);
  });
});
