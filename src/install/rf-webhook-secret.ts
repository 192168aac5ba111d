import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { EncryptedSecretSchema } from '../shared/encrypted-secret.js';
import type { SecretBox } from '../shared/secret-box.js';

// The workspace's secret webhook URL for Referral Factory's outbound webhooks. RF signs nothing
// (reference/referral-factory.md §3), so the URL itself is the credential: `<workspace>.<secret>`,
// the workspace in base64url (so the request finds its installation in one read) and 32 random
// bytes. The secret is stored sealed (AES-256-GCM, bound to the workspace) so app admins can read
// the URL again; rotating replaces it and the old URL stops working at once.

export const RfWebhookSchema = z.object({
  secret: EncryptedSecretSchema,
  createdAt: z.number().int(),
  /** The app admin who made it (null: the operator). */
  createdBy: z.string().nullable(),
});
export type RfWebhook = z.infer<typeof RfWebhookSchema>;

const context = (workspaceId: string) => `rf-webhook-secret:${workspaceId}`;
const SECRET = /^[A-Za-z0-9_-]{43}$/;
const WORKSPACE = /^[A-Za-z0-9_-]{1,300}$/;

export function newRfWebhook(box: SecretBox, workspaceId: string, by: string | null, now: number): RfWebhook {
  return { secret: box.seal(randomBytes(32).toString('base64url'), context(workspaceId)), createdAt: now, createdBy: by };
}

/** The path segment RF is given. */
export const tokenOf = (box: SecretBox, workspaceId: string, hook: RfWebhook): string =>
  `${Buffer.from(workspaceId, 'utf8').toString('base64url')}.${box.open(hook.secret, context(workspaceId))}`;

/** The workspace a token claims, or null when it has not the shape of one (nothing is looked up then). */
export function claimedWorkspace(token: string): { workspaceId: string; secret: string } | null {
  const [ws, secret, extra] = token.split('.');
  if (extra !== undefined || !ws || !secret || !WORKSPACE.test(ws) || !SECRET.test(secret)) return null;
  const workspaceId = Buffer.from(ws, 'base64url').toString('utf8');
  return workspaceId && Buffer.from(workspaceId, 'utf8').toString('base64url') === ws ? { workspaceId, secret } : null;
}

/** Constant time; false too when the stored secret no longer opens (a new ENCRYPTION_KEY). */
export function secretMatches(box: SecretBox, workspaceId: string, hook: RfWebhook, secret: string): boolean {
  let stored: string;
  try {
    stored = box.open(hook.secret, context(workspaceId));
  } catch {
    return false;
  }
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(stored), digest(secret));
}
