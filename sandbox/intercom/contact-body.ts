import { z } from 'zod';

// The fields POST /contacts and PUT /contacts/{id} both take, as both documents list them
// (OAS-2.14 `create_contact_request` and `update_contact_request`); each body adds what it takes
// differently (create-contact.ts, update-contact.ts).

export const AttributeValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const ContactBodyBase = z.object({
  role: z.enum(['user', 'lead']).optional(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  avatar: z.string().nullable().optional(),
  signed_up_at: z.number().int().nullable().optional(),
  last_seen_at: z.number().int().nullable().optional(),
  owner_id: z.number().int().nullable().optional(),
});
