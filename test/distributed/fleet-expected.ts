// What a fleet's syncs must leave in RF; shared by the multi-process test and `npm run bench -- fleet`.

/**
 * The referrers a fleet's syncs must leave in RF's campaign: one per distinct email (trimmed,
 * lower-cased) of every contact that has one, across every workspace writing to the campaign (a
 * contact without a name is enrolled too, under the First Name fallback).
 */
export function expectedReferrerEmails(contacts: Iterable<{ email?: unknown }>): Set<string> {
  const emails = new Set<string>();
  for (const c of contacts) if (typeof c.email === 'string' && c.email.trim()) emails.add(c.email.trim().toLowerCase());
  return emails;
}
