/** In-memory records of the Referral Factory stand-in (our shapes; wire shapes live in wire.ts). */

export interface CampaignField {
  id: string;
  type: 'input' | 'select';
  label: string;
  /** Default value; for a select, the options separated by commas. */
  value: string | null;
  required: boolean;
}

export interface CampaignRecord {
  id: number;
  name: string;
  code: string;
  lang: string;
  status: 'launched' | 'draft' | 'paused';
  startsAt: number | null;
  endsAt: number | null;
  fields: { personReferring: CampaignField[]; personInvited: CampaignField[] };
}

export type UserSource = 'Direct' | 'Referred' | 'Api' | 'Added' | 'Zapier' | 'Widget' | 'Popup' | 'Embed' | 'Test';
export type UserType = 'person_referring' | 'person_invited';

export interface UserRecord {
  id: number;
  campaignId: number;
  referrerId: number | null;
  code: string;
  firstName: string;
  email: string;
  source: UserSource;
  type: UserType;
  ip: string;
  signedUpAt: number;
  qualifiedAt: number | null;
  unsubscribedAt: number | null;
  meta: { field: string; value: string }[];
  /** Visits of the user's referral link (the landing page counts them). */
  reach: number;
  /** Kept up to date on every change so `with=user.analytics` costs O(1) per user. */
  referrals: number;
  qualifiedReferrals: number;
  notified: boolean;
}
