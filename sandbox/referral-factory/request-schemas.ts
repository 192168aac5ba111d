import { z } from 'zod';

/**
 * Request bodies as RF (a Laravel app: strings are trimmed, messages read "The x field is
 * required.") validates them. Issues become RF's 422 `errors`, keyed by the field path.
 */

const name = (key: string): string => key.replace(/_/g, ' ');
const isMissing = (input: unknown): boolean => input === undefined || input === null || input === '';

const str = (key: string) =>
  z
    .string({ error: (iss) => (isMissing(iss.input) ? `The ${name(key)} field is required.` : `The ${name(key)} must be a string.`) })
    .trim()
    .min(1, { error: `The ${name(key)} field is required.`, abort: true })
    .max(255, `The ${name(key)} may not be greater than 255 characters.`);

// Pragmatic address check (RF uses Laravel's `email` rule): something@domain.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const email = () => str('email').regex(EMAIL, 'The email must be a valid email address.');

const int = (key: string) =>
  z.union([z.number().int().positive(), z.string().trim().regex(/^\d+$/).transform(Number)], {
    error: (iss) => (isMissing(iss.input) ? `The ${name(key)} field is required.` : `The ${name(key)} must be an integer.`),
  });

const bool = (key: string) =>
  z.boolean({ error: (iss) => (iss.input === undefined ? `The ${name(key)} field is required.` : `The ${name(key)} field must be true or false.`) });

const metaList = z.array(
  z.object({
    field: z.string({ error: 'The meta field name is required.' }).trim().min(1, 'The meta field name is required.'),
    value: z.union([z.string().trim(), z.number().transform(String), z.boolean().transform(String), z.null().transform(() => '')], {
      error: 'The meta value must be a string.',
    }),
  }),
  { error: 'The meta must be an array.' },
);

export const CreateUserBody = z.object({
  campaign_id: int('campaign_id'),
  first_name: str('first_name'),
  email: email(),
  notify: bool('notify').optional(),
  promotion: bool('promotion').optional(),
  referrer: z
    .object({
      field: z.enum(['id', 'code', 'email'], { error: 'The referrer field must be one of id, code, email.' }),
      value: z.union([z.string().trim(), z.number().transform(String)], { error: 'The referrer value field is required.' }),
    }, { error: 'The referrer must be an object.' })
    .optional(),
  meta: metaList.optional(),
});

export const UpdateUserBody = z.object({
  campaign_id: int('campaign_id').optional(),
  first_name: str('first_name').optional(),
  email: email().optional(),
  meta: metaList.optional(),
  qualified: bool('qualified').optional(),
});

export const QualificationBody = z.object({
  id: int('id').optional(),
  code: str('code').optional(),
  email: email().optional(),
  campaign_id: int('campaign_id').optional(),
  qualified: bool('qualified'),
});

/** `POST /users/search` accepts these filters in the JSON body (all optional, combined with AND). */
export const SearchUsersBody = z.object({
  campaign_id: int('campaign_id').optional(),
  email: str('email').optional(),
  code: str('code').optional(),
  type: z.enum(['person_referring', 'person_invited'], { error: 'The selected type is invalid.' }).optional(),
  page: int('page').optional(),
  per_page: int('per_page').optional(),
  with: z.string().optional(),
});

export const PagingQuery = z.object({
  page: int('page').optional(),
  per_page: int('per_page')
    .refine((n) => n <= 250, 'The per page may not be greater than 250.')
    .optional(),
  with: z
    .string()
    .refine((w) => w.split(',').every((p) => ['user.analytics', 'campaign.analytics', ''].includes(p.trim())), 'The selected with is invalid.')
    .optional(),
  campaign_id: int('campaign_id').optional(),
  type: z.enum(['person_referring', 'person_invited'], { error: 'The selected type is invalid.' }).optional(),
});

/** zod issues → RF `errors` (field path → messages). */
export function issuesToErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : 'body';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
