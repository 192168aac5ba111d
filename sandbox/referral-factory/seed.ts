import { MAIN_CAMPAIGN_ID } from './campaigns.js';
import type { Directory } from './directory.js';
import type { UserRecord } from './model.js';
import type { Prng } from './prng.js';

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
    const user = dir.addUser(referrer(prng, first, `${first}.${last}.${i + 1}@rf-seed.example`.toLowerCase().replace(/ /g, ''), now - prng.int(1, 110) * day));
    user.reach = prng.int(0, 40);
  }
  for (const email of opts.referrerEmails) {
    if (dir.userByEmail(MAIN_CAMPAIGN_ID, email)) continue;
    const first = capitalise(email.trim().split(/[@._+-]/)[0] ?? 'Friend');
    const user = dir.addUser(referrer(prng, first, email.trim(), now - prng.int(20, 110) * day));
    const referrals = prng.int(1, 5);
    for (let r = 0; r < referrals; r++) {
      const invited = dir.addUser({
        ...base(prng, now - prng.int(1, 19) * day),
        campaignId: MAIN_CAMPAIGN_ID,
        referrerId: user.id,
        firstName: prng.pick(FIRST),
        email: `friend-${user.id}-${r + 1}@invited.example`,
        source: 'Referred',
        type: 'person_invited',
        meta: [],
      });
      if (prng.chance(0.4)) dir.setQualified(invited, invited.signedUpAt + prng.int(1, 5) * day);
    }
    user.reach = user.referrals * prng.int(2, 6);
  }
}

function referrer(prng: Prng, firstName: string, email: string, signedUpAt: number): Parameters<Directory['addUser']>[0] {
  const meta = [{ field: 'Company Name', value: prng.pick(COMPANIES) }];
  if (prng.chance(0.5)) meta.push({ field: 'Phone Number', value: `+1 555 01${String(prng.int(0, 99)).padStart(2, '0')}` });
  return { ...base(prng, signedUpAt), campaignId: MAIN_CAMPAIGN_ID, referrerId: null, firstName, email, source: 'Added', type: 'person_referring', meta };
}

function base(prng: Prng, signedUpAt: number): Pick<UserRecord, 'ip' | 'signedUpAt' | 'qualifiedAt' | 'unsubscribedAt' | 'notified'> {
  return { ip: `203.0.113.${prng.int(1, 254)}`, signedUpAt, qualifiedAt: null, unsubscribedAt: null, notified: false };
}

const capitalise = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
