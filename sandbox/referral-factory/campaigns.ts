import type { CampaignField, CampaignRecord } from './model.js';

const firstName: CampaignField = { id: 'first_name', type: 'input', label: 'First Name', value: null, required: true };
const email: CampaignField = { id: 'email', type: 'input', label: 'Email', value: null, required: true };

/** Id of the campaign seeded referrers join. */
export const MAIN_CAMPAIGN_ID = 1;

/**
 * Two campaigns, as an account shows them: the main one has one extra required field (what the
 * sync wizard must make the admin map) and an optional one; the second has only the basics.
 */
export function seedCampaigns(now: number): CampaignRecord[] {
  const day = 86_400_000;
  return [
    {
      id: MAIN_CAMPAIGN_ID,
      name: 'Customer Referral Program',
      code: 'crp2026',
      lang: 'en',
      status: 'launched',
      startsAt: now - 120 * day,
      endsAt: null,
      fields: {
        personReferring: [
          firstName,
          email,
          { id: 'company_name', type: 'input', label: 'Company Name', value: null, required: true },
          { id: 'phone', type: 'input', label: 'Phone Number', value: null, required: false },
        ],
        personInvited: [firstName, email],
      },
    },
    {
      id: 2,
      name: 'Partner Program',
      code: 'partners',
      lang: 'en',
      status: 'launched',
      startsAt: now - 30 * day,
      endsAt: null,
      fields: { personReferring: [firstName, email], personInvited: [firstName, email] },
    },
  ];
}

/** Fields sent in `meta` (by label): every person_referring field except the two top-level ones. */
export const metaFieldsOf = (c: CampaignRecord): CampaignField[] =>
  c.fields.personReferring.filter((f) => f.id !== 'first_name' && f.id !== 'email');
