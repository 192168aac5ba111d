import type { CampaignRecord, UserRecord } from './model.js';
import type { Prng } from './prng.js';

export type NewUser = Omit<UserRecord, 'id' | 'code' | 'referrals' | 'qualifiedReferrals' | 'reach'> & { reach?: number };

/**
 * All users, indexed by id, code and campaign+email (email is unique per campaign, compared
 * case-insensitively), and kept in id order per campaign so a page is a slice: a few hundred
 * thousand users cost O(1) per lookup and O(per_page) per page.
 */
export class Directory {
  private readonly byId = new Map<number, UserRecord>();
  private readonly byCode = new Map<string, UserRecord>();
  private readonly byCampaignEmail = new Map<string, UserRecord>();
  private readonly all: UserRecord[] = [];
  private readonly perCampaign = new Map<number, UserRecord[]>();
  private nextId = 1001;

  constructor(
    readonly campaigns: CampaignRecord[],
    private readonly prng: Prng,
  ) {
    for (const c of campaigns) this.perCampaign.set(c.id, []);
  }

  campaign(idOrCode: string | number): CampaignRecord | undefined {
    const s = String(idOrCode);
    return this.campaigns.find((c) => String(c.id) === s || c.code === s);
  }

  userById = (id: number): UserRecord | undefined => this.byId.get(id);
  userByCode = (code: string): UserRecord | undefined => this.byCode.get(code);
  userByEmail = (campaignId: number, email: string): UserRecord | undefined =>
    this.byCampaignEmail.get(emailKey(campaignId, email));

  /** Users in id order, of one campaign or of all. */
  usersOf(campaignId: number | null): readonly UserRecord[] {
    return campaignId === null ? this.all : (this.perCampaign.get(campaignId) ?? []);
  }

  get size(): number {
    return this.all.length;
  }

  addUser(input: NewUser): UserRecord {
    const user: UserRecord = { ...input, id: this.nextId++, code: this.newCode(), reach: input.reach ?? 0, referrals: 0, qualifiedReferrals: 0 };
    this.byId.set(user.id, user);
    this.byCode.set(user.code, user);
    this.byCampaignEmail.set(emailKey(user.campaignId, user.email), user);
    this.all.push(user);
    this.perCampaign.get(user.campaignId)?.push(user);
    const referrer = this.referrerOf(user);
    if (referrer) {
      referrer.referrals += 1;
      if (user.qualifiedAt !== null) referrer.qualifiedReferrals += 1;
    }
    return user;
  }

  changeEmail(user: UserRecord, email: string): void {
    this.byCampaignEmail.delete(emailKey(user.campaignId, user.email));
    user.email = email;
    this.byCampaignEmail.set(emailKey(user.campaignId, email), user);
  }

  setQualified(user: UserRecord, qualifiedAt: number | null): void {
    const was = user.qualifiedAt !== null;
    user.qualifiedAt = qualifiedAt;
    const referrer = this.referrerOf(user);
    if (referrer && was !== (qualifiedAt !== null)) referrer.qualifiedReferrals += was ? -1 : 1;
  }

  deleteUser(user: UserRecord): void {
    this.byId.delete(user.id);
    this.byCode.delete(user.code);
    this.byCampaignEmail.delete(emailKey(user.campaignId, user.email));
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
    const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
    for (;;) {
      let code = '';
      for (let i = 0; i < 8; i++) code += alphabet[Math.floor(this.prng.next() * alphabet.length)];
      if (!this.byCode.has(code)) return code;
    }
  }
}

const emailKey = (campaignId: number, email: string): string => `${campaignId}\n${email.trim().toLowerCase()}`;

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
