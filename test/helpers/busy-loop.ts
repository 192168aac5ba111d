import type { ReferralDirectory } from '../../src/sync/ports.js';

// Issue #15's burst under load, scaled down: the event loop is busy most of the time (other
// requests, JSON, a store's writes), so every timer that ends a budget's wait fires late. A
// busy turn of `busyMs` every `everyMs` stands in for that load in the test's own process.

/** Keeps the event loop busy `busyMs` of every `everyMs` until `stop()`. */
export function busyLoop(busyMs = 15, everyMs = 25): { stop: () => void } {
  const timer = setInterval(() => {
    const until = performance.now() + busyMs;
    while (performance.now() < until) { /* busy on purpose */ }
  }, everyMs);
  return { stop: () => clearInterval(timer) };
}

/** A fetch that notes when each request leaves for RF (performance.now()). */
export function recordingFetch(starts: number[]): typeof fetch {
  return (input, init) => {
    starts.push(performance.now());
    return fetch(input, init);
  };
}

/** `calls` reads queued on `client` at once, as a sync or a burst of events keeps them; resolves once all answered. */
export async function queuedReads(client: ReferralDirectory, campaignId: number, calls: number): Promise<void> {
  await Promise.all(Array.from({ length: calls }, () => client.getCampaign(campaignId)));
}
