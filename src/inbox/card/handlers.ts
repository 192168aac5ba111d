import { CardIds, type CardActionId, type RunErrorsActionId, type SegmentSyncActionId, type StatusActionId, type StatusRunActionId, type SyncListActionId, type WizardActionId, StatusIds } from '../../../canvas/screens/ids.js';
import { SEGMENT_SYNC_HANDLERS, openSegmentSync } from '../segment-sync/handlers.js';
import { RUN_ERRORS_HANDLERS } from '../run-errors/handlers.js';
import { STATUS_HANDLERS, STATUS_RUN_HANDLERS } from '../status/handlers.js';
import { SYNC_LIST_HANDLERS, openSettings } from '../status/sync-list.js';
import { WIZARD_HANDLERS } from '../wizard/handlers.js';
import { addAsReferrer, initializeCard, refreshCard } from './card.js';
import type { InboxHandler } from './inbox-env.js';
import { sendReferralLink } from './send-link.js';

export const CARD_HANDLERS: Record<CardActionId, InboxHandler> = {
  [CardIds.refresh]: refreshCard,
  [CardIds.addReferrer]: addAsReferrer,
  [CardIds.sendLink]: sendReferralLink,
  [CardIds.settings]: openSettings,
  [CardIds.syncSegment]: openSegmentSync,
  [CardIds.home]: initializeCard,
};

export type InboxAppActionId = CardActionId | WizardActionId | StatusActionId | StatusRunActionId | SyncListActionId | SegmentSyncActionId | RunErrorsActionId;

/** Every button of the card, the wizard, the status screens and the segment sync. */
export const INBOX_APP_HANDLERS: Record<InboxAppActionId, InboxHandler> = {
  ...CARD_HANDLERS,
  ...WIZARD_HANDLERS,
  ...STATUS_HANDLERS,
  ...STATUS_RUN_HANDLERS,
  ...SYNC_LIST_HANDLERS,
  ...SEGMENT_SYNC_HANDLERS,
  ...RUN_ERRORS_HANDLERS,
};

/** Settings actions: app admins only, whatever canvas they came from (the handlers check too). */
export const INBOX_APP_ADMIN_ACTIONS: ReadonlySet<string> = new Set<string>([
  CardIds.settings,
  ...Object.keys(WIZARD_HANDLERS),
  ...Object.values(StatusIds),
  ...Object.keys(STATUS_RUN_HANDLERS),
  ...Object.keys(SYNC_LIST_HANDLERS),
].filter((id) => id !== StatusIds.back));

export const isInboxAppAction = (id: string): id is InboxAppActionId => Object.hasOwn(INBOX_APP_HANDLERS, id);
