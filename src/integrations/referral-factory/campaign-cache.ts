import type { Campaign } from '../../sync/ports.js';

/**
 * Campaigns as RF last answered for them, per key, shared by every client of this process.
 *
 * Why: a card reads the campaign for every contact that is not a referrer yet (its fields say
 * whether the contact can be added), and *Add as referrer*, *Preview* and webhook work read it
 * again: each read is an RF call a person waits for, taken from the 600 a minute of a key that a
 * running sync is spending. A campaign's fields change only when someone edits the campaign in RF,
 * rarely and never from this app, so a minute-old copy is as good as a fresh one for these; what
 * it cannot know is fixed by what the app does anyway: RF refusing a referrer forgets the
 * campaign (its fields may have changed), and the wizard's list of campaigns and a run's read at
 * its start replace it. Reads at the same moment share one call. Per process: another process
 * keeps its own copy for at most as long.
 */
export interface CampaignCache {
  /** The campaign within its time to live, or `read()` (one at a time per campaign; failures are not kept). */
  get(scope: string, id: number, read: () => Promise<Campaign>): Promise<Campaign>;
  put(scope: string, campaign: Campaign): void;
  forget(scope: string, id: number): void;
}

export interface CampaignCacheOptions {
  /** Default 60 s. */
  ttlMs?: number;
  /** Default 1,000 campaigns (over every key); the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

export function createCampaignCache(opts: CampaignCacheOptions = {}): CampaignCache {
  const ttlMs = opts.ttlMs ?? 60_000;
  const maxEntries = opts.maxEntries ?? 1000;
  const now = opts.now ?? (() => performance.now());
  const entries = new Map<string, { at: number; campaign: Promise<Campaign> }>();
  const keyOf = (scope: string, id: number) => `${scope}\u0000${id}`;
  const keep = (key: string, campaign: Promise<Campaign>) => {
    entries.delete(key);
    entries.set(key, { at: now(), campaign });
    // Maps iterate in insertion order: the first key is the oldest entry.
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };
  return {
    get(scope, id, read) {
      const key = keyOf(scope, id);
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.campaign;
      const campaign = read();
      keep(key, campaign);
      campaign.catch(() => void (entries.get(key)?.campaign === campaign && entries.delete(key)));
      return campaign;
    },
    put: (scope, campaign) => keep(keyOf(scope, campaign.id), Promise.resolve(campaign)),
    forget: (scope, id) => void entries.delete(keyOf(scope, id)),
  };
}
