import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, isAppError } from '../shared/errors.js';
import { SyncDefinitionInputSchema, type FieldError, type SaveDefinitionResult, type SyncDefinitionInput } from './definition-input.js';
import type { SyncDefinition } from './definition.js';
import type { CallPriority, Clock, ContactSource, ReferralDirectory } from './ports.js';
import type { SyncDefinitionRepository } from './repositories.js';
import { validateDefinition } from './validate-definition.js';

// Saving a sync: the input parsed at the edge, checked against the campaign as RF has it now and
// the workspace's attributes, then stored (a new id, or the same one kept with its creation time).

export interface SaveDefinitionDeps {
  definitions: SyncDefinitionRepository;
  clock: Clock;
  contactsFor(workspaceId: string): Promise<ContactSource>;
  referralsFor(workspaceId: string, priority: CallPriority): Promise<ReferralDirectory>;
}

const zodErrors = (err: z.ZodError): FieldError[] =>
  err.issues.map((i) => ({ path: i.path.join('.') || '(root)', code: 'invalid', message: i.message }));

export async function saveSyncDefinition(deps: SaveDefinitionDeps, input: SyncDefinitionInput | unknown): Promise<SaveDefinitionResult> {
  const parsed = SyncDefinitionInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  const data = parsed.data;
  const [directory, source] = await Promise.all([deps.referralsFor(data.workspaceId, 'interactive'), deps.contactsFor(data.workspaceId)]);
  const campaign = await directory.getCampaign(data.campaignId).catch((err: unknown) => {
    if (isAppError(err, 'upstream_not_found')) return null;
    throw err;
  });
  if (!campaign) return { ok: false, errors: [{ path: 'campaignId', code: 'campaign_not_found', message: 'This campaign no longer exists in Referral Factory' }] };
  const errors = validateDefinition(data, campaign, await source.listDataAttributes());
  if (errors.length > 0) return { ok: false, errors };
  const existing = data.id ? await deps.definitions.get(data.id) : null;
  if (existing && existing.workspaceId !== data.workspaceId) throw new AppError('forbidden', 'This sync belongs to another workspace');
  const now = deps.clock.now();
  const definition: SyncDefinition = {
    ...data,
    id: data.id ?? `sync_${randomUUID()}`,
    campaignName: data.campaignName ?? campaign.name,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await deps.definitions.put(definition);
  return { ok: true, definition: structuredClone(definition) };
}
