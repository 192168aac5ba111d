import { z } from 'zod';

/** AES-256-GCM ciphertext as stored; see secret-box.ts. Never a plain secret. */
export const EncryptedSecretSchema = z.object({
  v: z.literal(1),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
export type EncryptedSecret = z.infer<typeof EncryptedSecretSchema>;
