import { startIntercomSandbox } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import type { SandboxesOptions, SandboxesReady } from '../lib/sandboxes-types.js';
import { serveParent } from '../lib/serve-parent.js';

// Both stand-ins in one process of their own, so their CPU time is never counted as the app's
// and the app never shares an event loop with them. Argument: SandboxesOptions as JSON.

const opts = JSON.parse(process.argv[2] as string) as SandboxesOptions;
const intercom = await startIntercomSandbox({
  seed: { contacts: opts.contacts },
  rateLimitPerWindow: opts.intercomRatePerWindow,
  latencyMs: opts.latencyMs,
});
const rf = await startReferralFactorySandbox({ ratePerMinute: opts.rfRatePerMinute, latencyMs: opts.rfLatencyMs ?? opts.latencyMs });

const ready: SandboxesReady = { intercomUrl: intercom.url, intercomToken: intercom.accessToken, rfUrl: rf.baseUrl, rfKey: rf.apiKey };
serveParent(
  ready,
  {
    stats: () => ({ intercom: intercom.control.stats(), rf: rf.control.stats() }),
    resetStats: () => {
      intercom.control.resetStats();
      rf.control.resetStats();
      return null;
    },
    settleIndex: () => {
      intercom.control.settleIndex();
      return null;
    },
    usage: () => ({ cpu: process.cpuUsage(), rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) }),
  },
  async () => void (await Promise.all([intercom.close(), rf.close()])),
);
