import type { Audience } from '../../sync/definition.js';
import { looksLikeEmail } from '../../sync/mapping.js';
import type { ContactSource } from '../../sync/ports.js';

// Step 2's advice on a text attribute chosen for RF's Email: a sample of the audience's values
// says whether it holds addresses. Advice only (the attribute may fill up later); the refusals of
// sources that can never hold one are in sync/validate-definition.ts (emailSourceProblem).

/** Contacts read for the sample: one page, one Intercom call. */
export const EMAIL_SAMPLE_SIZE = 50;

/** A warning for the Email row, or undefined when the sampled values are addresses. */
export async function emailAttributeWarning(source: Pick<ContactSource, 'pageAudience'>, audience: Audience, attribute: string): Promise<string | undefined> {
  const page = await source.pageAudience(audience, { cursor: null, perPage: EMAIL_SAMPLE_SIZE });
  const read = page.contacts.length;
  const values = page.contacts.map((c) => c.customAttributes[attribute]).filter((v) => v !== null && v !== undefined && String(v).trim() !== '');
  if (read === 0) return undefined;
  if (values.length === 0) {
    return `Check: None of the first ${read} contacts has a value in ${attribute}. Contacts without an email address are skipped.`;
  }
  const bad = values.filter((v) => !looksLikeEmail(String(v))).length;
  if (bad === 0) return undefined;
  return `Check: ${bad} of the first ${values.length} values of ${attribute} are not email addresses. Those contacts are skipped.`;
}
