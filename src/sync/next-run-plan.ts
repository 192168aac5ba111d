import { AppError } from '../shared/errors.js';
import { SyncDefinitionInputSchema, type SyncDefinitionInput } from './definition-input.js';
import type { SyncDefinition } from './definition.js';
import type { Logger } from './logger.js';
import type { Clock, ContactSource } from './ports.js';
import type { SyncRepositories } from './repositories.js';
import type { SyncRun } from './run-record.js';
import { plannedMode } from './scheduler.js';
import { emptyState } from './sync-state.js';

/** What the next run of a definition (as saved, or as the wizard is about to save it) will read. */
export interface NextRunPlan {
  mode: 'full' | 'incremental';
  fullReason?: SyncRun['fullReason'];
  /** The audience's size as Intercom counts it now; null when it could not be asked. */
  audienceSize: number | null;
}

export interface PlanDeps {
  repos: SyncRepositories;
  clock: Clock;
  contactsFor(workspaceId: string): Promise<ContactSource>;
  logger: Logger;
  reconcileMs: number;
}

/**
 * Whether the next run of `input` reads the whole audience, and how many contacts that is, for the
 * wizard to say before the admin saves. `input.id` names the sync being edited: its checkpoint
 * holds only if the settings that select and map contacts are unchanged (scheduler.ts). One
 * Intercom search of one contact for the count.
 */
export async function planNextRun(deps: PlanDeps, input: SyncDefinitionInput | unknown): Promise<NextRunPlan> {
  const parsed = SyncDefinitionInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('mapping_invalid', parsed.error.issues[0]?.message ?? 'Invalid sync definition');
  const now = deps.clock.now();
  const def: SyncDefinition = { ...parsed.data, id: parsed.data.id ?? 'planned', createdAt: now, updatedAt: now };
  const existing = parsed.data.id ? await deps.repos.definitions.get(parsed.data.id) : null;
  const state = existing && existing.workspaceId === def.workspaceId ? await deps.repos.states.get(existing.id) : emptyState();
  const planned = plannedMode(def, state, now, deps.reconcileMs);
  let audienceSize: number | null = null;
  try {
    const source = await deps.contactsFor(def.workspaceId);
    audienceSize = (await source.pageAudience(def.audience, { cursor: null, perPage: 1 })).totalCount;
  } catch (err) {
    deps.logger.warn({ workspaceId: def.workspaceId, err: String(err) }, 'could not count the audience for the next-run note');
  }
  return { mode: planned.mode === 'incremental' ? 'incremental' : 'full', ...(planned.fullReason ? { fullReason: planned.fullReason } : {}), audienceSize };
}
