import type { CallLogReport } from './call-log.js';
import type { SandboxContext } from './context.js';
import type { FaultSpec } from './faults.js';
import type { CampaignField, UserRecord, UserSource } from './model.js';
import type { Webhook, WebhookDelivery, WebhookSpecInput } from './webhooks.js';
import type { ReferralFactoryStats } from './stats.js';
import { campaignWire, userWire } from './wire.js';
import type { UserWire } from './wire.js';

export interface SimulateReferralInput {
  referrerEmail?: string;
  referrerId?: number;
  /** Campaign of `referrerEmail`; default: the first campaign holding that email. */
  campaignId?: number;
  /** People invited; default 1. */
  count?: number;
  /** Qualify them at once (a conversion); default false. */
  qualified?: boolean;
}

export interface SimulateJoinInput {
  campaignId: number;
  email: string;
  firstName: string;
  /** How the referrer came; default 'Direct' (RF's own referrer page). */
  source?: UserSource;
}

/** A user as the API shows it with `with=user.analytics`, plus what only the sandbox knows. */
export type ControlUser = UserWire & { analytics: { reach: number; referrals: number; qualified_referrals: number }; notified: boolean };

export interface ReferralFactoryControl {
  listCampaigns(): ReturnType<typeof campaignWire>[];
  listUsers(filter?: { campaignId?: number; email?: string; type?: UserRecord['type']; offset?: number; limit?: number }): ControlUser[];
  getUser(idOrCodeOrEmail: number | string, campaignId?: number): ControlUser | null;
  /** Creates `count` person_invited users referred by the referrer; returns them. Throws if the referrer is unknown. */
  simulateReferral(input: SimulateReferralInput): ControlUser[];
  /** Marks a user qualified (a referred person converting); returns it. Throws if unknown. */
  qualify(userId: number): ControlUser;
  /** A new referrer registering for a link on the campaign's own page (not through the API). Throws on an unknown campaign or a taken email. */
  simulateJoin(input: SimulateJoinInput): ControlUser;
  /** A field added to a campaign's referrer form, as the admin does in RF's form builder. Throws on an unknown campaign or a taken id. */
  addCampaignField(campaignId: number, field: CampaignField): void;
  /** An outbound webhook of a campaign, as the admin sets it up in RF. Throws when RF would refuse it. */
  addWebhook(spec: WebhookSpecInput): Webhook;
  listWebhooks(): Webhook[];
  removeWebhook(id: string): boolean;
  /** What the webhooks sent (newest last, the last 1,000). */
  webhookDeliveries(): WebhookDelivery[];
  /** Resolves once every delivery started so far has been answered (or timed out). */
  settleWebhooks(): Promise<void>;
  injectFaults(spec: FaultSpec): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setRatePerMinute(n: number): void;
  stats(): ReferralFactoryStats;
  /** Per API key: calls, 429s, 403s and the most calls that arrived within one window of the limit (see call-log.ts). */
  callLog(): CallLogReport;
  /** Resets the counters and the call log. */
  resetStats(): void;
  /** Lifts a 403 block (and its overrun history); returns whether the key was blocked. */
  unblock(key: string): boolean;
}

export function createControl(ctx: SandboxContext): ReferralFactoryControl {
  const view = (u: UserRecord): ControlUser => ({ ...userWire(u, ctx.publicUrl, true), notified: u.notified }) as ControlUser;
  const find = (id: number | string, campaignId?: number): UserRecord | undefined => {
    const s = String(id).trim();
    if (/^\d+$/.test(s)) return ctx.dir.userById(Number(s));
    if (s.includes('@')) {
      return ctx.dir.campaigns
        .filter((c) => campaignId === undefined || c.id === campaignId)
        .map((c) => ctx.dir.userByEmail(c.id, s))
        .find((u) => u !== undefined);
    }
    return ctx.dir.userByCode(s);
  };
  return {
    listCampaigns: () => ctx.dir.campaigns.map((c) => campaignWire(c, ctx.publicUrl)),
    listUsers: (f = {}) => {
      let users = f.email ? ctx.dir.campaigns.map((c) => ctx.dir.userByEmail(c.id, f.email as string)).filter((u): u is UserRecord => !!u) : ctx.dir.usersOf(f.campaignId ?? null);
      if (f.campaignId !== undefined || f.type) users = users.filter((u) => (f.campaignId === undefined || u.campaignId === f.campaignId) && (!f.type || u.type === f.type));
      const offset = f.offset ?? 0;
      return users.slice(offset, offset + (f.limit ?? users.length)).map(view);
    },
    getUser: (id, campaignId) => {
      const u = find(id, campaignId);
      return u ? view(u) : null;
    },
    simulateReferral: (input) => {
      const referrer = input.referrerId !== undefined ? ctx.dir.userById(input.referrerId) : input.referrerEmail ? find(input.referrerEmail, input.campaignId) : undefined;
      if (!referrer) throw new Error(`No referrer ${input.referrerId ?? input.referrerEmail ?? '(none given)'}`);
      const created: ControlUser[] = [];
      for (let i = 0; i < (input.count ?? 1); i++) {
        const n = referrer.referrals + 1;
        let email = `friend-${referrer.id}-${n}@invited.example`;
        for (let k = 2; ctx.dir.userByEmail(referrer.campaignId, email); k++) email = `friend-${referrer.id}-${n}-${k}@invited.example`;
        const invited = ctx.dir.addUser({
          campaignId: referrer.campaignId, referrerId: referrer.id, firstName: `Friend ${n}`, email, source: 'Referred', type: 'person_invited',
          ip: '198.51.100.7', signedUpAt: ctx.now(), qualifiedAt: null, unsubscribedAt: null, meta: [], notified: true,
        });
        referrer.reach += 1;
        if (input.qualified) ctx.dir.setQualified(invited, ctx.now());
        created.push(view(invited));
      }
      return created;
    },
    qualify: (userId) => {
      const u = ctx.dir.userById(userId);
      if (!u) throw new Error(`No user ${userId}`);
      ctx.dir.setQualified(u, u.qualifiedAt ?? ctx.now());
      return view(u);
    },
    simulateJoin: (input) => {
      if (!ctx.dir.campaign(input.campaignId)) throw new Error(`No campaign ${input.campaignId}`);
      if (ctx.dir.userByEmail(input.campaignId, input.email)) throw new Error(`${input.email} is already in campaign ${input.campaignId}`);
      const user = ctx.dir.addUser({
        campaignId: input.campaignId, referrerId: null, firstName: input.firstName, email: input.email.trim(), source: input.source ?? 'Direct', type: 'person_referring',
        ip: '198.51.100.9', signedUpAt: ctx.now(), qualifiedAt: null, unsubscribedAt: null, meta: [], notified: true,
      });
      return view(user);
    },
    addCampaignField: (campaignId, field) => {
      const campaign = ctx.dir.campaigns.find((c) => c.id === campaignId);
      if (!campaign) throw new Error(`No campaign ${campaignId}`);
      if (campaign.fields.personReferring.some((f) => f.id === field.id)) throw new Error(`Campaign ${campaignId} already has a field ${field.id}`);
      campaign.fields.personReferring.push({ ...field });
    },
    addWebhook: (spec) => ctx.webhooks.add(spec),
    listWebhooks: () => ctx.webhooks.list(),
    removeWebhook: (id) => ctx.webhooks.remove(id),
    webhookDeliveries: () => [...ctx.webhooks.deliveries],
    settleWebhooks: () => ctx.webhooks.settle(),
    injectFaults: (spec) => ctx.faults.add(spec),
    clearFaults: () => ctx.faults.clear(),
    setLatency: (ms) => void (ctx.latencyMs = Math.max(0, ms)),
    setRatePerMinute: (n) => ctx.limiter.setPerMinute(Math.max(0, n)),
    stats: () => ({
      requests: ctx.counters.requests,
      byRoute: { ...ctx.counters.byRoute },
      rateLimited: ctx.limiter.rateLimited + ctx.counters.injected429,
      overruns: ctx.limiter.overruns,
      blockedKeys: ctx.limiter.blockedKeys(),
      writes: ctx.counters.writes,
      faultsInjected: ctx.faults.injected,
      users: ctx.dir.size,
    }),
    callLog: () => ctx.calls.report(ctx.limiter.window, ctx.limiter.limit),
    resetStats: () => {
      ctx.counters.reset();
      ctx.calls.reset();
      ctx.limiter.resetCounters();
      ctx.faults.injected = 0;
    },
    unblock: (key) => ctx.limiter.unblock(key),
  };
}
