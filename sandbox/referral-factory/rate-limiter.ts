/**
 * RF's limit: 600 calls per minute per access token; abusing it more than three times gets the
 * caller blocked (developers.referral-factory.com, "API limits"). We model it as a sliding
 * 60-second log per key: a call is accepted when fewer than `perMinute` ACCEPTED calls happened
 * in the last 60 s (refused calls don't count), so no 60-s window ever holds more than
 * `perMinute` accepted calls. An overrun is an episode: the first refusal after an accepted call.
 * A key with more than `blockAfterOverruns` overruns is blocked (403) until unblocked. RF blocks
 * the IP; every client here is 127.0.0.1, so the key stands for the caller.
 */
export type RateDecision = 'ok' | 'limited' | 'blocked';

interface KeyState {
  ring: Float64Array;
  head: number;
  filled: number;
  limited: boolean;
  overruns: number;
  blocked: boolean;
}

export class RateLimiter {
  private readonly keys = new Map<string, KeyState>();
  overruns = 0;
  rateLimited = 0;

  constructor(
    private perMinute: number,
    private readonly blockAfterOverruns: number,
    private readonly now: () => number,
    /** 60 s as RF documents; tests and benchmarks may scale it down. */
    private readonly windowMs = 60_000,
  ) {}

  /** Accepted calls allowed per key in a window (0 = off) and the window's length. */
  get limit(): number {
    return this.perMinute;
  }

  get window(): number {
    return this.windowMs;
  }

  check(key: string): RateDecision {
    const s = this.state(key);
    if (s.blocked) return 'blocked';
    if (this.perMinute <= 0) return 'ok';
    const t = this.now();
    const oldest = s.ring[s.head] as number;
    if (s.filled >= s.ring.length && oldest > t - this.windowMs) {
      this.rateLimited += 1;
      if (!s.limited) {
        s.limited = true;
        s.overruns += 1;
        this.overruns += 1;
        // This refusal still answers 429; the key is refused with 403 from the next call on.
        if (s.overruns > this.blockAfterOverruns) s.blocked = true;
      }
      return 'limited';
    }
    s.limited = false;
    s.ring[s.head] = t;
    s.head = (s.head + 1) % s.ring.length;
    s.filled = Math.min(s.filled + 1, s.ring.length);
    return 'ok';
  }

  setPerMinute(n: number): void {
    this.perMinute = n;
    for (const [key, s] of this.keys) this.keys.set(key, { ...this.fresh(), overruns: s.overruns, blocked: s.blocked, limited: s.limited });
  }

  blockedKeys(): string[] {
    return [...this.keys].filter(([, s]) => s.blocked).map(([k]) => k);
  }

  unblock(key: string): boolean {
    const s = this.keys.get(key);
    if (!s) return false;
    const was = s.blocked;
    this.keys.set(key, this.fresh());
    return was;
  }

  resetCounters(): void {
    this.overruns = 0;
    this.rateLimited = 0;
  }

  private state(key: string): KeyState {
    let s = this.keys.get(key);
    if (!s) this.keys.set(key, (s = this.fresh()));
    return s;
  }

  private fresh(): KeyState {
    return { ring: new Float64Array(Math.max(1, this.perMinute)), head: 0, filled: 0, limited: false, overruns: 0, blocked: false };
  }
}
