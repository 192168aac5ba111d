import { startIntercomFleet } from '../../sandbox/intercom/fleet.js';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { expectedReferrerEmails } from '../../test/distributed/fleet-expected.js';
import { serveParent } from '../lib/serve-parent.js';

// The fleet's stand-ins in one process of their own: many Intercom workspaces behind one base URL
// (each its own rate window and contacts) and RF with one key per workspace (RF's limit per key).
// Argument: FleetSandboxesOptions as JSON.

export interface FleetSandboxesOptions {
  workspaces: number;
  contacts: number;
  /** RF calls per minute per key; 0 = off. */
  rfRatePerMinute: number;
  /** Intercom requests per 10-s window per app; 0 = off. */
  intercomRatePerWindow: number;
  latencyMs: number;
}

export interface FleetSandboxesReady {
  intercomUrl: string;
  rfUrl: string;
  workspaces: Array<{ workspaceId: string; intercomToken: string; rfKey: string }>;
}

const opts = JSON.parse(process.argv[2] as string) as FleetSandboxesOptions;
const keys = Array.from({ length: opts.workspaces }, (_, i) => `rf_bench_fleet_${i + 1}`);
const intercom = await startIntercomFleet({
  workspaces: Array.from({ length: opts.workspaces }, (_, i) => ({
    workspaceId: `ws_fleet_${String(i + 1).padStart(3, '0')}`,
    seed: { contacts: opts.contacts, prng: i + 1, customAttributes: 4, segments: 3 },
    rateLimitPerWindow: opts.intercomRatePerWindow,
    latencyMs: opts.latencyMs,
  })),
});
const rf = await startReferralFactorySandbox({ apiKeys: keys, ratePerMinute: opts.rfRatePerMinute, latencyMs: opts.latencyMs });

const ready: FleetSandboxesReady = {
  intercomUrl: intercom.url,
  rfUrl: rf.baseUrl,
  workspaces: intercom.workspaces.map((w, i) => ({ workspaceId: w.workspaceId, intercomToken: w.accessToken, rfKey: keys[i] as string })),
};
serveParent(
  ready,
  {
    stats: () => {
      const ic = intercom.workspaces.map((w) => w.control.stats());
      return {
        rf: rf.control.stats(),
        intercom: { requests: ic.reduce((n, s) => n + s.requests, 0), rateLimited: ic.reduce((n, s) => n + s.rateLimited, 0) },
      };
    },
    /** Referrers RF should hold once every sync ran: distinct emails of contacts with one (no name: the First Name fallback). */
    expectedReferrers: () => expectedReferrerEmails(intercom.workspaces.flatMap((w) => w.control.contacts())).size,
    referrers: () => rf.control.listUsers({ campaignId: 2, type: 'person_referring' }).length,
    usage: () => ({ cpu: process.cpuUsage(), rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) }),
  },
  async () => void (await Promise.all([intercom.close(), rf.close()])),
);
