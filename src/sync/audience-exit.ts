import type { Audience, SyncDefinition } from './definition.js';
import type { ContactSource, IntercomContact, ReferralDirectory } from './ports.js';

// A contact that left an ongoing sync's audience (an attribute change took it out of the segment,
// a lead of a leads-only sync signed up): the sync's `onContactGone` policy applies, as for an
// archived or deleted contact (issue #15). Only an event shows it: runs page through the audience
// and never see who left it, so they never remove (the README says so). The evidence that the
// contact was enrolled by this sync is the sync's link on it, equal to the link of the campaign's
// referrer with its email; without that nothing is removed, and a contact that never was in the
// audience costs no RF call. Every read that fails throws before anything is removed.

/** Whether the contact is in the audience now; `segments` is asked only for a segment audience. */
export async function inAudience(audience: Audience, contact: IntercomContact, segments: () => Promise<string[]>): Promise<boolean> {
  switch (audience.kind) {
    case 'all': return true;
    case 'leads': return contact.role === 'lead';
    case 'users': return contact.role === 'user';
    case 'segment': return (await segments()).includes(audience.segmentId);
  }
}

export interface AudienceExit {
  def: Pick<SyncDefinition, 'campaignId' | 'campaignName' | 'audience' | 'returnMapping' | 'onContactGone'>;
  source: ContactSource;
  directory(): Promise<ReferralDirectory>;
}

/**
 * Applies the removal policy to a contact found outside the sync's audience. Answers what it did,
 * or null when there is nothing to tell (the sync keeps referrers, or the contact was never linked by it).
 */
export async function leaveAudience({ def, source, directory }: AudienceExit, contact: IntercomContact): Promise<string | null> {
  const linkAttribute = def.returnMapping.referral_link;
  const link = linkAttribute ? contact.customAttributes[linkAttribute] : undefined;
  if (def.onContactGone !== 'remove' || !linkAttribute || typeof link !== 'string' || link === '') return null;
  const campaign = def.campaignName ?? `campaign ${def.campaignId}`;
  if (!contact.email) return `Kept in ${campaign}: no longer in its audience, but the contact has no email to find its referrer by`;
  // Several contacts may share an email: one still in the audience keeps the referrer.
  for (const other of await source.findContactsByEmail(contact.email)) {
    if (other.id !== contact.id && (await inAudience(def.audience, other, () => source.listContactSegmentIds(other.id)))) {
      return `Kept in ${campaign}: another contact with the same email is in its audience`;
    }
  }
  const rf = await directory();
  const referrer = await rf.findReferrerByEmail(def.campaignId, contact.email);
  if (!referrer) return `Nothing to remove from ${campaign}: not a referrer`;
  if (referrer.url !== link) return `Kept in ${campaign}: the link on the contact is not its referrer's`;
  await rf.deleteReferrer(referrer.id);
  // The link leads nowhere now; the other return fields stay as the last figures RF gave.
  const cleared = [linkAttribute, def.returnMapping.referrer_id].filter((a): a is string => typeof a === 'string');
  await source.updateCustomAttributes(contact.id, Object.fromEntries(cleared.map((a) => [a, null])));
  return `Removed from ${campaign}: no longer in its audience`;
}
