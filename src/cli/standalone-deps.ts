import { createIntercomContactSource } from '../integrations/intercom/contact-source.js';
import { createReferralFactoryClient } from '../integrations/referral-factory/client.js';
import { createRateBudget } from '../integrations/referral-factory/rate-budget.js';
import { AppError } from '../shared/errors.js';
import type { ContactSource, ReferralDirectory } from '../sync/ports.js';
import type { CliArgs } from './args.js';

/** Intercom and RF straight from flags, for running against the sandbox (or a private app) without the app's store of installations. */
export function standaloneDeps(args: CliArgs): { contacts: ContactSource; referrals: ReferralDirectory } {
  if (!args.intercomUrl || !args.intercomToken || !args.rfUrl || !args.rfKey) {
    throw new AppError('config_invalid', 'Standalone mode needs --intercom-url, --rf-url and the tokens (INTERCOM_TOKEN, RF_API_KEY)');
  }
  const budget = args.rfRatePerMinute || args.rfWindowMs ? createRateBudget({ callsPerWindow: args.rfRatePerMinute ?? 600, windowMs: args.rfWindowMs ?? 60_000 }) : undefined;
  return {
    contacts: createIntercomContactSource({ baseUrl: args.intercomUrl, token: args.intercomToken }),
    referrals: createReferralFactoryClient({ baseUrl: args.rfUrl, apiKey: args.rfKey, ...(budget ? { budget } : {}) }),
  };
}
