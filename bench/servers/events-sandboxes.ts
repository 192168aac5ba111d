import { startIntercomSandbox } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import type { SandboxesReady } from '../lib/sandboxes-types.js';
import { serveParent } from '../lib/serve-parent.js';

// The stand-ins for the `events` scenario (issue #15), in a process of their own: Intercom signs
// its webhooks with the app's client secret and delivers them to the app; the measuring loop runs
// here, next to the contacts, so that reading "has the link arrived" costs no round trip.
// Argument: { clientSecret, rfRatePerMinute, intercomRatePerWindow, latencyMs } as JSON.

const opts = JSON.parse(process.argv[2] as string) as { clientSecret: string; rfRatePerMinute: number; intercomRatePerWindow: number; latencyMs: number };
const intercom = await startIntercomSandbox({
  seed: { contacts: 20 }, workspaceId: 'ws_bench', clientSecret: opts.clientSecret, rateLimitPerWindow: opts.intercomRatePerWindow, latencyMs: opts.latencyMs,
  behaviour: { searchIndexDelaySeconds: 0 },
});
const rf = await startReferralFactorySandbox({ ratePerMinute: opts.rfRatePerMinute, latencyMs: opts.latencyMs });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LINK = 'rf_referral_link';
let serial = 0;

/** Creates contacts (`perSecond` for `seconds`, or all at once), then waits until each carries its link or `timeoutS` passes. */
async function enrolLatency(p: { count: number; perSecond: number | null; timeoutS: number }) {
  const created: Array<{ id: string; at: number }> = [];
  const done = new Map<string, number>();
  const t0 = Date.now();
  // Reading a contact builds its whole API view: reading 1,000 every 20 ms starved this process (it
  // also serves the app's API calls and sends the webhooks, whose 5 s timeouts then fired). A link
  // arrives by a write, so contacts are read only after writes, oldest pending first, until as many
  // links as new writes are found.
  let writes = intercom.control.stats().writes;
  const watch = setInterval(() => {
    const now = intercom.control.stats().writes;
    let fresh = now >= writes ? now - writes : now;
    writes = now;
    for (const c of created) {
      if (fresh <= 0) break;
      if (done.has(c.id) || !(intercom.control.contact(c.id)?.custom_attributes as Record<string, unknown>)?.[LINK]) continue;
      done.set(c.id, Date.now());
      fresh -= 1;
    }
  }, 20);
  for (let i = 0; i < p.count; i++) {
    if (p.perSecond) {
      const due = t0 + (i * 1000) / p.perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    serial += 1;
    const c = intercom.control.createContact({ role: 'user', email: `event.${serial}@bench.test`, name: `Eve ${serial}` });
    created.push({ id: c.id as string, at: Date.now() });
  }
  const end = Date.now() + p.timeoutS * 1000;
  while (done.size < created.length && Date.now() < end) await sleep(50);
  clearInterval(watch);
  const latencies = created.filter((c) => done.has(c.id)).map((c) => (done.get(c.id)! - c.at) / 1000).sort((a, b) => a - b);
  const lastDone = Math.max(t0, ...done.values());
  return { created: created.length, linked: latencies.length, latencies, wallS: (lastDone - t0) / 1000 };
}

const ready: SandboxesReady = { intercomUrl: intercom.url, intercomToken: intercom.accessToken, rfUrl: rf.baseUrl, rfKey: rf.apiKey };
serveParent(
  ready,
  {
    registerWebhook: (url: string) => intercom.control.registerWebhook(url),
    enrolLatency,
    stats: () => ({ intercom: intercom.control.stats(), rf: rf.control.stats(), webhooks: { ...intercom.control.webhooks(), deliveries: undefined } }),
    deliveries: () => intercom.control.webhooks().deliveries,
    resetStats: () => {
      intercom.control.resetStats();
      rf.control.resetStats();
      return null;
    },
    rfUsers: () => rf.control.listUsers({}).length,
  },
  async () => void (await Promise.all([intercom.close(), rf.close()])),
);
