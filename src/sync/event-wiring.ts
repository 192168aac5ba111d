import type { IncomingEventRepository } from '../events/incoming-event.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { createContactEventHandler } from './contact-events.js';
import type { SyncDefinition } from './definition.js';
import { memoryRecentWrites, type RecentWrites } from './echo-guard.js';
import { createEventJobs, type EventJobs } from './event-jobs.js';
import { memoryJoinerContacts, type JoinerContactRepository } from './joiner-contacts.js';
import type { Logger } from './logger.js';
import type { CallPriority, Clock, ContactSource, ReferralDirectory } from './ports.js';
import { createRfEventHandler, serialByKey } from './rf-events.js';
import { returnAttributesOnce } from './write-back.js';

// Incoming events wired to what handles them (issue #15): Intercom's contact notifications
// (contact-events.ts) and Referral Factory's hints (rf-events.ts), stored first and processed as
// jobs (event-jobs.ts). The sync service takes events only when it is given their repository.

export interface EventWiringDeps {
  events: IncomingEventRepository;
  jobs: Pick<JobRunner, 'submitEvent'>;
  clock: Clock;
  logger: Logger;
  listDefinitions(workspaceId: string): Promise<SyncDefinition[]>;
  contactsFor(workspaceId: string): Promise<ContactSource>;
  referralsFor(workspaceId: string, priority: CallPriority): Promise<ReferralDirectory>;
  /** The app's own attribute writes and RF enrolments, to know their echoes (echo-guard.ts, rf-echo.ts); default: in this process. */
  recentWrites?: RecentWrites;
  /** Intercom contacts made for RF-page joiners (joiner-contacts.ts); default: in this process. */
  joinerContacts?: JoinerContactRepository;
}

export function wireEvents(deps: EventWiringDeps): EventJobs {
  const now = () => deps.clock.now();
  // One memory for both directions: Intercom's echoes of our writes, RF's of our enrolments (rf-echo.ts).
  const recentWrites = deps.recentWrites ?? memoryRecentWrites({ now });
  const intercom = createContactEventHandler({
    listDefinitions: deps.listDefinitions, contactsFor: deps.contactsFor, referralsFor: deps.referralsFor, recentWrites, now,
  });
  return createEventJobs({
    events: deps.events, jobs: deps.jobs, now, logger: deps.logger,
    handlers: {
      intercom: intercom.handle,
      referral_factory: createRfEventHandler({
        listDefinitions: deps.listDefinitions, contactsFor: deps.contactsFor, referralsFor: (ws) => deps.referralsFor(ws, 'events'),
        returnAttributes: returnAttributesOnce(now), serial: serialByKey(),
        joiners: deps.joinerContacts ?? memoryJoinerContacts(), recentWrites, now,
      }),
    },
    settle: { intercom: intercom.settle },
  });
}
