export { createReferralFactoryClient } from './client.js';
export type { ReferralFactoryClientOptions } from './client.js';
export { createRateBudget, keyFingerprint, sharedRateBudget } from './rate-budget.js';
export type { RateBudget, RateBudgetOptions } from './rate-budget.js';
export { createCampaignCache } from './campaign-cache.js';
export type { CampaignCache } from './campaign-cache.js';
