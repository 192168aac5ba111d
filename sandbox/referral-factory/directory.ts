import type { Prng } from '../shared/prng.js';
import type { CampaignRecord, UserRecord } from './model.js';

export type NewUser = Omit<UserRecord, 'id' | 'code' | 'referrals' | 'qualifiedReferrals' | 'reach'> & { reach?: number };

/** Told of users joining and becoming qualified (the outbound webhooks); set after seeding. */
export interface DirectoryObserver {
  joined(user: UserRecord): void;
  qualified(user: UserRecord): void;
}

/**
 * All users, indexed by id, code and campaign+email (email is unique per campaign, compared
 * case-insensitively), and kept in id order per campaign so a page is a slice: a few hundred
 * thousand users cost O(1) per lookup and O(per_page) per page.
 */
export class Directory {
  private readonly byId = new Map<number, UserRecord>();
  private readonly byCode = new Map<string, UserRecord>();
  /** campaign id → normalised email → user. */
  private readonly byEmail = new Map<number, Map<string, UserRecord>>();
  private readonly all: UserRecord[] = [];
  private readonly perCampaign = new Map<number, UserRecord[]>();
  private nextId = 1001;
  observer: DirectoryObserver | null = null;

  constructor(
    readonly campaigns: CampaignRecord[],
    private readonly prng: Prng,
  ) {
    for (const c of campaigns) {
      this.perCampaign.set(c.id, []);
      this.byEmail.set(c.id, new Map());
    }
  }

  campaign(idOrCode: string | number): CampaignRecord | undefined {
    const s = String(idOrCode);
    return this.campaigns.find((c) => String(c.id) === s || c.code === s);
  }

  userById = (id: number): UserRecord | undefined => this.byId.get(id);
  userByCode = (code: string): UserRecord | undefined => this.byCode.get(code);
  userByEmail = (campaignId: number, email: string): UserRecord | undefined =>
    this.byEmail.get(campaignId)?.get(normEmail(email));

  /** Users in id order, of one campaign or of all. */
  usersOf(campaignId: number | null): readonly UserRecord[] {
    return campaignId === null ? this.all : (this.perCampaign.get(campaignId) ?? []);
  }

  get size(): number {
    return this.all.length;
  }

  addUser(input: NewUser): UserRecord {
    // Every field listed in one literal: one hidden class for all users, no spread (seeding speed).
    const user: UserRecord = {
      id: this.nextId++,
      campaignId: input.campaignId,
      referrerId: input.referrerId,
      code: this.newCode(),
      firstName: input.firstName,
      email: input.email,
      source: input.source,
      type: input.type,
      ip: input.ip,
      signedUpAt: input.signedUpAt,
      qualifiedAt: input.qualifiedAt,
      unsubscribedAt: input.unsubscribedAt,
      meta: input.meta,
      reach: input.reach ?? 0,
      referrals: 0,
      qualifiedReferrals: 0,
      notified: input.notified,
    };
    this.byId.set(user.id, user);
    this.byCode.set(user.code, user);
    this.byEmail.get(user.campaignId)?.set(normEmail(user.email), user);
    this.all.push(user);
    this.perCampaign.get(user.campaignId)?.push(user);
    const referrer = this.referrerOf(user);
    if (referrer) {
      referrer.referrals += 1;
      if (user.qualifiedAt !== null) referrer.qualifiedReferrals += 1;
    }
    this.observer?.joined(user);
    if (user.qualifiedAt !== null) this.observer?.qualified(user);
    return user;
  }

  changeEmail(user: UserRecord, email: string): void {
    this.byEmail.get(user.campaignId)?.delete(normEmail(user.email));
    user.email = email;
    this.byEmail.get(user.campaignId)?.set(normEmail(email), user);
  }

  setQualified(user: UserRecord, qualifiedAt: number | null): void {
    const was = user.qualifiedAt !== null;
    user.qualifiedAt = qualifiedAt;
    const referrer = this.referrerOf(user);
    if (referrer && was !== (qualifiedAt !== null)) referrer.qualifiedReferrals += was ? -1 : 1;
    if (!was && qualifiedAt !== null) this.observer?.qualified(user);
  }

  deleteUser(user: UserRecord): void {
    this.byId.delete(user.id);
    this.byCode.delete(user.code);
    this.byEmail.get(user.campaignId)?.delete(normEmail(user.email));
    removeById(this.all, user.id);
    removeById(this.perCampaign.get(user.campaignId) ?? [], user.id);
    const referrer = this.referrerOf(user);
    if (referrer) {
      referrer.referrals -= 1;
      if (user.qualifiedAt !== null) referrer.qualifiedReferrals -= 1;
    }
  }

  private referrerOf(user: UserRecord): UserRecord | undefined {
    return user.referrerId === null ? undefined : this.byId.get(user.referrerId);
  }

  private newCode(): string {
    for (;;) {
      for (let i = 0; i < 8; i++) CODE_BUF[i] = CODE_ALPHABET.charCodeAt(Math.floor(this.prng.next() * CODE_ALPHABET.length));
      const code = String.fromCharCode(...CODE_BUF);
      if (!this.byCode.has(code)) return code;
    }
  }
}

const CODE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const CODE_BUF = new Array<number>(8).fill(0);

const normEmail = (email: string): string => email.trim().toLowerCase();

/** Arrays are in id order, so binary search keeps deletes cheap. */
function removeById(users: UserRecord[], id: number): void {
  let lo = 0;
  let hi = users.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const midId = (users[mid] as UserRecord).id;
    if (midId === id) {
      users.splice(mid, 1);
      return;
    }
    if (midId < id) lo = mid + 1;
    else hi = mid - 1;
  }
}
