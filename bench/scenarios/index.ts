import type { Scenario } from '../lib/result.js';
import { canvasScenario } from './canvas.js';
import { eventsScenario } from './events.js';
import { eventsRfScenario } from './events-rf.js';
import { fleetScenario } from './fleet.js';
import { latencyScenario } from './latency.js';
import { scaleScenario } from './scale.js';
import { syncCostScenario } from './sync-cost.js';
import { syncRateLimitScenario } from './sync-rate-limit.js';
import { steadyStateScenario } from './steady-state.js';

/** In the order `npm run bench` runs them. */
export const SCENARIOS: Scenario[] = [canvasScenario, syncRateLimitScenario, syncCostScenario, steadyStateScenario, scaleScenario, fleetScenario, latencyScenario, eventsScenario, eventsRfScenario];
