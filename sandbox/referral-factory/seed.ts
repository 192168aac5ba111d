import type { Prng } from '../shared/prng.js';
import { MAIN_CAMPAIGN_ID } from './campaigns.js';
import type { Directory, NewUser } from './directory.js';
import type { UserRecord } from './model.js';

const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Tim', 'Radia', 'Edsger', 'Hedy', 'Donald', 'Sophie', 'John', 'Annie', 'Guido', 'Joan'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Lee', 'Perlman', 'Dijkstra', 'Lamarr', 'Knuth', 'Wilson', 'Backus', 'Easley', 'van Rossum', 'Clarke'];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Soylent', 'Vandelay', 'Wonka'];

export interface SeedOptions {
  referrers: number;
  referrerEmails: string[];
}

/**
 * Deterministic seed: `referrers` generic referrers in the main campaign (emails under
 * rf-seed.example so they never collide with the Intercom stand-in's contacts), then one referrer
 * per `referrerEmails` entry with 1–5 referred people, some of them qualified.
 */
export function seedUsers(dir: Directory, prng: Prng, now: number, opts: SeedOptions): void {
  const day = 86_400_000;
  for (let i = 0; i < opts.referrers; i++) {
    const first = prng.pick(FIRST);
    const last = prng.pick(LAST);
    const user = dir.addUser(referrer(prng, first, `${first}.${last.replace(' ', '')}.${i + 1}@rf-seed.example`.toLowerCase(), now - prng.int(1, 110) * day));
    user.reach = prng.int(0, 40);
  }
  for (const email of opts.referrerEmails) {
    if (dir.userByEmail(MAIN_CAMPAIGN_ID, email)) continue;
    const first = capitalise(email.trim().split(/[@._+-]/)[0] ?? 'Friend');
    const user = dir.addUser(referrer(prng, first, email.trim(), now - prng.int(20, 110) * day));
    const referrals = prng.int(1, 5);
    for (let r = 0; r < referrals; r++) {
      const invited = dir.addUser(
        record(prng, now - prng.int(1, 19) * day, user.id, prng.pick(FIRST), `friend-${user.id}-${r + 1}@invited.example`, 'person_invited', []),
      );
      if (prng.chance(0.4)) dir.setQualified(invited, invited.signedUpAt + prng.int(1, 5) * day);
    }
    user.reach = user.referrals * prng.int(2, 6);
  }
}

// Shared meta entries: a few hundred thousand referrers reuse the same few objects.
const COMPANY_META = COMPANIES.map((value) => ({ field: 'Company Name', value }));
const PHONE_META = Array.from({ length: 100 }, (_, n) => ({ field: 'Phone Number', value: `+1 555 01${String(n).padStart(2, '0')}` }));
const IPS = Array.from({ length: 254 }, (_, n) => `203.0.113.${n + 1}`);

function referrer(prng: Prng, firstName: string, email: string, signedUpAt: number): NewUser {
  const meta = [prng.pick(COMPANY_META)];
  if (prng.chance(0.5)) meta.push(prng.pick(PHONE_META));
  return record(prng, signedUpAt, null, firstName, email, 'person_referring', meta);
}

function record(prng: Prng, signedUpAt: number, referrerId: number | null, firstName: string, email: string, type: UserRecord['type'], meta: UserRecord['meta']): NewUser {
  const source = type === 'person_referring' ? 'Added' : 'Referred';
  return { campaignId: MAIN_CAMPAIGN_ID, referrerId, firstName, email, source, type, ip: prng.pick(IPS), signedUpAt, qualifiedAt: null, unsubscribedAt: null, meta, notified: false };
}

const capitalise = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
