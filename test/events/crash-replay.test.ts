import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppDeps } from '../../src/app-deps.js';
import { loadConfig } from '../../src/config.js';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import { startChild, tsxArgs, type Child } from '../helpers/child-process.js';
import { testEnv } from '../helpers/env.js';
import { putDefinition } from '../helpers/fixtures.js';
import { startSandboxes, type Sandboxes } from '../helpers/sandboxes.js';
import { waitFor } from './harness.js';

// An acknowledged event is never lost: the app (src/main.ts, embedded mode, a data file) answers
// Intercom's delivery, starts processing it, and is killed with SIGKILL while it waits on RF. The
// next start finds the event stored and unfinished, and processes it.

let dir: string;
let sb: Sandboxes;
const children: Child[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-events-'));
  sb = await startSandboxes({ intercom: { behaviour: { searchIndexDelaySeconds: 0 } } });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await sb?.close();
  await rm(dir, { recursive: true, force: true });
});

async function startApp(env: Record<string, string | undefined>): Promise<{ child: Child; url: string }> {
  const child = startChild(env, tsxArgs('src/main.ts'));
  children.push(child);
  const line = await waitFor('the app listening', () => child.stdout().split('\n').find((l) => l.includes('"listening"')), Boolean, 60_000);
  const port = (JSON.parse(line!) as { port: number }).port;
  return { child, url: `http://127.0.0.1:${port}/intercom/webhooks` };
}

describe('events survive a crash', () => {
  it('when the app is killed with SIGKILL right after acknowledging an event, then the next start processes it', async () => {
    const env = testEnv({
      DATA_FILE: join(dir, 'store.json'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info',
      INTERCOM_API_BASE_URL: sb.intercom.url, RF_API_BASE_URL: sb.rf.baseUrl, INTERCOM_ACCESS_TOKEN: sb.intercom.accessToken,
    });
    // The store as the app left it: installed, RF connected, an ongoing sync that is not due (no run would enrol anyone).
    const repos = await openLowdbRepositories(env.DATA_FILE!);
    const deps = buildAppDeps({ config: loadConfig(env), repos });
    const me = await deps.intercomAuth.identify(sb.intercom.accessToken);
    await deps.installations.install({ ...me, accessToken: sb.intercom.accessToken, mode: 'private' });
    await deps.installations.connectReferralFactory(me.workspaceId, sb.rf.apiKey, me.adminId);
    const def = await putDefinition(repos, {
      workspaceId: me.workspaceId, campaignId: 1, schedule: { type: 'ongoing', intervalMinutes: 60 },
      fieldMapping: [
        { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
        { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'none' },
        { to: 'company_name', from: { kind: 'standard', field: 'name' }, transform: 'none' },
      ],
      returnMapping: { referral_link: 'rf_referral_link' },
    });
    await repos.states.update(def.id, (s) => void (s.nextRunAt = Date.now() + 86_400_000));
    await repos.close();

    const first = await startApp(env);
    await sb.intercom.control.registerWebhook(first.url);
    // RF hangs: the event is stored and acknowledged, and its processing waits on RF.
    sb.rf.control.setLatency(120_000);
    const contact = sb.intercom.control.createContact({ role: 'user', email: 'crash@events.test', name: 'Cra Sh' });
    await waitFor('the delivery acknowledged', () => sb.intercom.control.webhooks().deliveries.find((d) => d.topic === 'contact.user.created')?.result, (r) => r === 200);
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill('SIGKILL');
    await first.child.exit;
    expect(sb.rf.control.listUsers({ email: 'crash@events.test' })).toEqual([]);

    sb.rf.control.setLatency(0);
    sb.intercom.control.unregisterWebhook();
    await startApp(env);
    const attrs = await waitFor('the link on the contact', () => sb.intercom.control.contact(contact.id as string)!.custom_attributes as Record<string, unknown>,
      (a) => !!a['rf_referral_link'], 60_000);
    expect(attrs['rf_referral_link']).toBe(sb.rf.control.listUsers({ email: 'crash@events.test' })[0]!.url);
  }, 180_000);
});
