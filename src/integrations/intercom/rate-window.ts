import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface HeaderBag {
  get(name: string): string | null;
}

export interface RateWindow {
  /** Resolves when the next call may go out. */
  waitTurn(): Promise<void>;
  /** Reads `X-RateLimit-Remaining` / `X-RateLimit-Reset` from a response. */
  observe(headers: HeaderBag | undefined): void;
}

/** A window is 10 s; never wait longer than that plus a little, whatever a skewed clock says. */
export const MAX_WAIT_MS = 11_000;

/** When the headers say the window is spent: the reset (epoch ms); null when calls are left or nothing is said. */
export function exhaustedUntil(headers: HeaderBag | undefined): number | null {
  const remaining = Number(headers?.get('x-ratelimit-remaining') ?? NaN);
  const reset = Number(headers?.get('x-ratelimit-reset') ?? NaN);
  return Number.isFinite(remaining) && remaining <= 0 && Number.isFinite(reset) ? reset * 1000 : null;
}

/**
 * Intercom splits its per-minute limit into 10-second windows and reports them in headers
 * (https://developers.intercom.com/docs/references/rest-api/errors/rate-limiting). When a
 * response says none are left, the next call waits for the reset instead of collecting a 429.
 */
export function createRateWindow(deps: { now?: () => number; sleep?: (ms: number) => Promise<unknown> } = {}): RateWindow {
  const now = deps.now ?? Date.now;
  const wait = deps.sleep ?? ((ms: number) => sleep(ms));
  let resumeAt = 0;
  return {
    async waitTurn() {
      const ms = Math.min(resumeAt - now(), MAX_WAIT_MS);
      if (ms > 0) await wait(ms);
    },
    observe(headers) {
      const spentUntil = exhaustedUntil(headers);
      const remaining = Number(headers?.get('x-ratelimit-remaining') ?? NaN);
      if (spentUntil !== null) resumeAt = Math.max(resumeAt, spentUntil);
      else if (Number.isFinite(remaining) && remaining > 0) resumeAt = 0;
    },
  };
}

const windows = new Map<string, RateWindow>();

/** Identifies a workspace's token without holding it. */
export const tokenFingerprint = (baseUrl: string, token: string): string => createHash('sha256').update(`${baseUrl}\n${token}`).digest('hex').slice(0, 16);

/** One window per token in the process (keyed by a hash, never the token), shared by every source of that workspace. */
export function sharedRateWindow(baseUrl: string, token: string): RateWindow {
  const id = tokenFingerprint(baseUrl, token);
  let w = windows.get(id);
  if (!w) {
    w = createRateWindow();
    windows.set(id, w);
  }
  return w;
}
