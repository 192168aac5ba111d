import type { Redis } from 'ioredis';
import type { CallPriority } from '../../sync/ports.js';
import type { SlotRules, SlotStore } from './budget-slots.js';

// The log of budget-slots.ts in Redis, so every web and worker process of a deployment spends one
// budget per RF key. One Lua script per decision: reading the log and appending to it cannot
// interleave with another process, and Redis's clock (TIME) is the only clock, so processes on
// hosts whose clocks differ still agree on the window.
//
// Why not a library: bottleneck's Redis clustering keeps priorities per process and registers each
// process's queued calls first come first served (a worker's queued bulk calls would still go
// before a web process's card), and has had no release since 2019; rate-limiter-flexible counts
// fixed windows (two back-to-back windows let through twice the limit within one minute) and queues
// without priorities. The sliding log below is what RF's own limit is (and what the stand-in models).

// KEYS: the log, the pause, the last spaced start, "an interactive caller waits", "an events caller
// waits", the interactive starts. ARGV: limit, guard ms, headroom, spacing ms, rank (0 interactive,
// 1 events, 2 bulk), grace ms, then the people forecast (slot-forecast.ts): factor, max calls per
// ms, min span ms. The forecast below is the arithmetic of slot-forecast.ts, in Lua.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, guard, headroom, spacing = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local rank, grace = tonumber(ARGV[5]), tonumber(ARGV[6])
local factor, maxPerMs, minSpan = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return paused - now end
for r = 0, rank - 1 do
  local ttl = redis.call('PTTL', KEYS[4 + r])
  if ttl > 0 then return ttl end
end
for _, key in ipairs({ KEYS[1], KEYS[6] }) do
  while true do
    local oldest = redis.call('LINDEX', key, 0)
    if not oldest or tonumber(oldest) > now - guard then break end
    redis.call('LPOP', key)
  end
end
local n = redis.call('LLEN', KEYS[1])
local allowed = limit - headroom
if n >= allowed then
  local wait = math.max(1, tonumber(redis.call('LINDEX', KEYS[1], n - allowed)) + guard - now)
  if rank < 2 then redis.call('SET', KEYS[4 + rank], '1', 'PX', wait + grace) end
  return wait
end
if rank > 0 then
  local m = redis.call('LLEN', KEYS[6])
  if m > 0 then
    local first = tonumber(redis.call('LINDEX', KEYS[6], 0))
    local pace = math.min(factor * m / math.max(minSpan, now - first), maxPerMs)
    local starts = redis.call('LRANGE', KEYS[1], 0, -1)
    local need = pace * guard - n
    for i = 1, n do
      local v = pace * (tonumber(starts[i]) + guard - now) - (i - 1)
      if v > need then need = v end
    end
    local short = n + 1 + math.max(0, math.ceil(need)) - allowed
    if short > 0 then return math.min(guard, math.max(1, math.ceil(short / pace))) end
  end
end
if spacing > 0 then
  local due = tonumber(redis.call('GET', KEYS[3]) or '0') + spacing
  if due > now then return due - now end
  redis.call('SET', KEYS[3], math.max(due, now - spacing), 'PX', guard)
end
redis.call('RPUSH', KEYS[1], now)
redis.call('PEXPIRE', KEYS[1], guard)
if rank == 0 then
  redis.call('RPUSH', KEYS[6], now)
  redis.call('PEXPIRE', KEYS[6], guard)
end
return 0
`;

const PAUSE = `
local t = redis.call('TIME')
local ms = tonumber(ARGV[1])
local untilMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + ms
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then redis.call('SET', KEYS[1], untilMs, 'PX', ms) end
return 0
`;

const RANK: Readonly<Record<CallPriority, number>> = { interactive: 0, events: 1, bulk: 2 };
/**
 * A caller that has to wait marks it for as long as its wait plus this: until then no process
 * gives a less urgent call a slot, even one whose timer fires first (a loaded machine wakes a
 * waiting process late; without the mark a worker's bulk call took the slot a card waited for).
 */
const GRACE_MS = 500;

type BudgetCommands = {
  rfBudgetTake(
    log: string, pause: string, spaced: string, waitingI: string, waitingE: string, people: string,
    limit: number, guardMs: number, headroom: number, spacingMs: number, rank: number, graceMs: number,
    factor: number, maxPerMs: number, minSpanMs: number,
  ): Promise<number>;
  rfBudgetPause(pause: string, ms: number): Promise<number>;
};

/** Registers the scripts on the connection once (ioredis sends EVALSHA, and the script when Redis lacks it). */
function commands(redis: Redis): BudgetCommands {
  const r = redis as Redis & Partial<BudgetCommands>;
  if (!r.rfBudgetTake) {
    redis.defineCommand('rfBudgetTake', { numberOfKeys: 6, lua: TAKE });
    redis.defineCommand('rfBudgetPause', { numberOfKeys: 1, lua: PAUSE });
  }
  return r as Redis & BudgetCommands;
}

/**
 * The slots of one key under `base` (e.g. `rfi:rf-budget:{<fingerprint>}`: a hash of the key, never
 * the key; the braces keep its keys in one Redis Cluster slot). Keys expire a window after
 * the last call.
 */
export function redisSlots(redis: Redis, base: string, rules: SlotRules, graceMs: number = GRACE_MS): SlotStore {
  const cmd = commands(redis);
  const log = `${base}:log`;
  const paused = `${base}:pause`;
  const spaced = `${base}:spaced`;
  const waiting = [`${base}:waiting-interactive`, `${base}:waiting-events`] as const;
  const people = `${base}:people`;
  const guardMs = Math.ceil(rules.guardMs);
  const { factor, maxPerMs, minSpanMs } = rules.forecast;
  return {
    async take(priority: CallPriority) {
      const spacing = priority === 'interactive' ? 0 : rules.spacingMs;
      return Number(await cmd.rfBudgetTake(
        log, paused, spaced, waiting[0], waiting[1], people,
        rules.limit, guardMs, rules.headroom[priority], spacing, RANK[priority], graceMs, factor, maxPerMs, minSpanMs,
      ));
    },
    async pause(ms) {
      await cmd.rfBudgetPause(paused, Math.max(1, Math.ceil(ms)));
    },
  };
}
