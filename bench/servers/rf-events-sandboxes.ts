import { startIntercomSandbox } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { serveParent } from '../lib/serve-parent.js';

// The RF-events benchmark's stand-ins, in a process of their own: `referrers` people who are both
// an Intercom contact and an RF referrer of campaign `campaignId`; RF's webhooks pointed at the
// app once it listens; referrals simulated on request. The time from a referral to its count on
// the contact is measured here, where both happen: a referral notes when it was made and the
// count it makes; a 20-ms poll of the contacts (in memory) notes when the count arrives.

const opts = JSON.parse(process.argv[2] as string) as { referrers: number; campaignId: number; rfRatePerMinute: number; intercomRatePerWindow: number; latencyMs: number };
const intercom = await startIntercomSandbox({ seed: { contacts: 0 }, rateLimitPerWindow: opts.intercomRatePerWindow, latencyMs: opts.latencyMs });
const rf = await startReferralFactorySandbox({ ratePerMinute: opts.rfRatePerMinute, latencyMs: opts.latencyMs });

const people = Array.from({ length: opts.referrers }, (_, i) => {
  const email = `referrer.${i + 1}@rf-events.bench`;
  const contact = intercom.control.createContact({ role: 'user', email, name: `Referrer ${i + 1}` });
  const user = rf.control.simulateJoin({ campaignId: opts.campaignId, email, firstName: `Referrer ${i + 1}`, source: 'Widget' });
  return { contactId: contact.id as string, rfId: user.id, made: 0 };
});
// Search sees the contacts: the app finds a referrer's contact by email.
intercom.control.settleIndex();

/** Referrals made and not yet seen on the contact: contact → [count expected, made at]. */
const waiting = new Map<string, Array<[number, number]>>();
const latenciesMs: number[] = [];
const poll = setInterval(() => {
  const now = performance.now();
  for (const [contactId, list] of waiting) {
    const count = (intercom.control.contact(contactId)?.custom_attributes as Record<string, unknown> | undefined)?.['rf_referrals_count'];
    if (typeof count !== 'number') continue;
    const left = list.filter(([expected, at]) => (count >= expected ? (latenciesMs.push(now - at), false) : true));
    if (left.length === 0) waiting.delete(contactId);
    else waiting.set(contactId, left);
  }
}, 20);

serveParent(
  { intercomUrl: intercom.url, intercomToken: intercom.accessToken, rfUrl: rf.baseUrl, rfKey: rf.apiKey },
  {
    /** RF's webhooks as the app's page tells an admin to set them up. */
    wire: (base: string) => {
      rf.control.addWebhook({ url: `${base}/lead-created`, event: 'user.join', campaignId: opts.campaignId, users: ['person_invited'] });
      return null;
    },
    /** One referral for referrer `i` (round robin by the caller). */
    refer: (i: number) => {
      const p = people[i % people.length]!;
      rf.control.simulateReferral({ referrerId: p.rfId });
      p.made += 1;
      const list = waiting.get(p.contactId) ?? [];
      list.push([p.made, performance.now()]);
      waiting.set(p.contactId, list);
      return null;
    },
    progress: () => ({ seen: latenciesMs.length, waiting: [...waiting.values()].reduce((n, l) => n + l.length, 0) }),
    latencies: () => latenciesMs,
    stats: () => ({
      intercom: intercom.control.stats(), rf: rf.control.stats(),
      deliveries: rf.control.webhookDeliveries().reduce<Record<string, number>>((m, d) => ((m[String(d.result)] = (m[String(d.result)] ?? 0) + 1), m), {}),
    }),
  },
  async () => {
    clearInterval(poll);
    await Promise.all([intercom.close(), rf.close()]);
  },
);
