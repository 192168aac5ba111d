import { once } from 'node:events';
import type { AddressInfo, Server } from 'node:net';
import { createApp } from '../../src/http/app.js';
import type { IntercomSandboxOptions } from '../../sandbox/intercom/index.js';
import type { SyncDefinition } from '../../src/sync/definition.js';
import { installWorkspace, testApp, type TestApp } from '../helpers/app.js';
import { putDefinition } from '../helpers/fixtures.js';
import { startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';

// The app listening on a real port with its webhook URL registered at the Intercom stand-in, which
// delivers every change to it over HTTP, signed, as Intercom does. Nothing starts the scheduler:
// whatever reaches RF here came through an event, not a run.

export interface EventsHarness extends TestApp {
  sb: Sandboxes;
  workspaceId: string;
  /** `http://127.0.0.1:<port>` of the app. */
  base: string;
  webhookUrl: string;
  /** An ongoing sync of the workspace into the RF stand-in's campaign 1. */
  putSync(over?: Partial<SyncDefinition>): Promise<SyncDefinition>;
  close(): Promise<void>;
}

export async function eventsHarness(o: { intercom?: IntercomSandboxOptions; register?: boolean } = {}): Promise<EventsHarness> {
  const sb = await startSandboxes({ intercom: { seed: { contacts: 10, segments: 3, customAttributes: 3 }, behaviour: { searchIndexDelaySeconds: 0 }, ...o.intercom } });
  const t = await testApp({ intercomUrl: sb.intercom.url, rfBaseUrl: sb.rf.baseUrl });
  const server: Server = createApp(t.deps).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const workspaceId = sb.intercom.workspaceId;
  await installWorkspace(t.deps, { workspaceId, accessToken: sb.intercom.accessToken, adminId: '1', rfApiKey: sb.rf.apiKey });
  const webhookUrl = `${base}/intercom/webhooks`;
  if (o.register !== false) await sb.intercom.control.registerWebhook(webhookUrl);
  return {
    ...t, sb, workspaceId, base, webhookUrl,
    putSync: (over = {}) => putDefinition(t.repos, {
      workspaceId, campaignId: 1, campaignName: 'Customer Referral Program', audience: { kind: 'all' },
      fieldMapping: [
        { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
        { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'none' },
        { to: 'company_name', from: { kind: 'standard', field: 'name' }, transform: 'none' },
      ],
      returnMapping: { referral_link: 'rf_referral_link' }, schedule: { type: 'ongoing', intervalMinutes: 60 }, ...over,
    }),
    async close() {
      await t.deps.sync.stop();
      await new Promise((r) => server.close(r));
      await sb.close();
    },
  };
}

/** Polls until `ok` holds (events are processed in the background). */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, ok: (v: T) => boolean = Boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)?.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
