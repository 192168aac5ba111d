import { CardIds, type CardActionId, type SegmentSyncActionId, type StatusActionId, type WizardActionId, StatusIds } from '../../../canvas/screens/ids.js';
import { SEGMENT_SYNC_HANDLERS, openSegmentSync } from '../segment-sync/handlers.js';
import { STATUS_HANDLERS, openSettings } from '../status/handlers.js';
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

export type InboxAppActionId = CardActionId | WizardActionId | StatusActionId | SegmentSyncActionId;

/** Every button of the card, the wizard, the status screens and the segment sync. */
export const INBOX_APP_HANDLERS: Record<InboxAppActionId, InboxHandler> = {
  ...CARD_HANDLERS,
  ...WIZARD_HANDLERS,
  ...STATUS_HANDLERS,
  ...SEGMENT_SYNC_HANDLERS,
};

/** Settings actions: app admins only, whatever canvas they came from (the handlers check too). */
export const INBOX_APP_ADMIN_ACTIONS: ReadonlySet<string> = new Set<string>([
  CardIds.settings,
  ...Object.keys(WIZARD_HANDLERS),
  ...Object.values(StatusIds),
].filter((id) => id !== StatusIds.back));

export const isInboxAppAction = (id: string): id is InboxAppActionId => Object.hasOwn(INBOX_APP_HANDLERS, id);
