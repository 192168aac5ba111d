import { z } from 'zod';
import { EncryptedSecretSchema } from '../shared/encrypted-secret.js';
import { RfWebhookSchema } from './rf-webhook-secret.js';

export const RegionSchema = z.enum(['US', 'EU', 'AU']);
export type Region = z.infer<typeof RegionSchema>;

export const ReferralFactoryConnectionSchema = z.object({
  apiKey: EncryptedSecretSchema,
  connectedBy: z.string(),
  connectedAt: z.number().int(),
});

/** One workspace that installed the app: its token and RF key (sealed), app admins and settings. */
export const InstallationSchema = z.object({
  workspaceId: z.string().min(1),
  region: RegionSchema,
  mode: z.enum(['oauth', 'private']),
  accessToken: EncryptedSecretSchema,
  installedBy: z.string(),
  installedAt: z.number().int(),
  appAdmins: z.array(z.string()).min(1),
  status: z.enum(['active', 'disconnected']),
  disconnectedReason: z.string().optional(),
  referralFactory: ReferralFactoryConnectionSchema.optional(),
  settings: z.object({
    teammatesCanSyncSegments: z.boolean(),
    /** The secret webhook URL for Referral Factory's outbound webhooks; made when an app admin first asks for it. */
    rfWebhook: RfWebhookSchema.optional(),
  }),
});
export type Installation = z.infer<typeof InstallationSchema>;
