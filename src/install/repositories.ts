import type { ActivityRepository } from './activity.js';
import type { Installation } from './installation.js';

// Storage ports of installs and single-use links, implemented by src/store/* adapters.

export interface InstallationRepository {
  get(workspaceId: string): Promise<Installation | null>;
  /** Creates or replaces the installation from the previous one (null on a first install), atomically. */
  upsert(workspaceId: string, make: (prev: Installation | null) => Installation): Promise<Installation>;
  /** Applies `change` atomically; null (and nothing written) when the workspace is not installed. */
  update(workspaceId: string, change: (inst: Installation) => void): Promise<Installation | null>;
  delete(workspaceId: string): Promise<void>;
}

/** Ids of single-use tokens (OAuth state, setup links) already spent, kept until they expire. */
export interface UsedTokenRepository {
  isUsed(jti: string): Promise<boolean>;
  /**
   * Records `jti` as used until `expiresAt` (unix seconds); false when it already was (a replay).
   * Expired records (before `now`) may be pruned on the way.
   */
  markUsed(jti: string, expiresAt: number, now: number): Promise<boolean>;
}

export interface InstallRepositories {
  installations: InstallationRepository;
  usedTokens: UsedTokenRepository;
  activity: ActivityRepository;
}
