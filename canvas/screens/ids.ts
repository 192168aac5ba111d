// Every component id the inbox screens use. Ids of buttons (submit actions) are routed through
// exhaustive tables in src/inbox/*; ids of inputs name the values read back from `input_values`.

/** Ids shared by the pickers (filter + page of a long list), one set per list. */
export const pickerIds = <P extends string>(prefix: P) =>
  ({
    filter: `${prefix}.filter`,
    filterGo: `${prefix}.filter_go`,
    more: `${prefix}.more`,
    previous: `${prefix}.previous`,
    choice: `${prefix}.choice`,
  }) as const;

export const CardIds = {
  refresh: 'card.refresh',
  addReferrer: 'card.add_referrer',
  /** Replies in the conversation, as the teammate, with the contact's referral link. */
  sendLink: 'card.send_link',
  settings: 'card.settings',
  syncSegment: 'card.sync_segment',
  /** "Back" from any secondary screen to the card. */
  home: 'card.home',
} as const;

export const WizardIds = {
  connectCheck: 'wizard.connect_check',
  connectLink: 'wizard.connect_link',
  campaign: pickerIds('wizard.campaign'),
  connectNext: 'wizard.connect_next',
  audienceType: 'wizard.audience_type',
  segment: pickerIds('wizard.segment'),
  audienceNext: 'wizard.audience_next',
  fieldsNext: 'wizard.fields_next',
  /** Shows or hides step 2's transforms and First Name fallback. */
  fieldsAdvanced: 'wizard.fields_advanced',
  /** What First Name gets when its source is empty (a single-select that redraws step 2), and its fixed text. */
  firstNameFallback: 'wizard.first_name_fallback',
  firstNameText: 'wizard.first_name_text',
  attribute: pickerIds('wizard.attribute'),
  attributeUse: 'wizard.attribute_use',
  /** What the app does in Intercom when someone joins on RF's own page (a dropdown on step 3). */
  newReferrers: 'wizard.new_referrers',
  returnsNext: 'wizard.returns_next',
  syncType: 'wizard.sync_type',
  interval: 'wizard.interval',
  onContactGone: 'wizard.on_contact_gone',
  preview: 'wizard.preview',
  start: 'wizard.start',
  back: 'wizard.back',
  /** Draws the current step again after an upstream failure. */
  retry: 'wizard.retry',
  restart: 'wizard.restart',
} as const;

/** Per RF field (mapping step) and per RF value (return step): ids of inputs, not buttons. */
export const fieldSourceId = (rfFieldId: string) => `wizard.field.${rfFieldId}`;
/** The card's input for a required campaign field the contact leaves empty (read back on "Add as referrer"). */
export const CARD_FIELD_PREFIX = 'card.field.';
export const cardFieldId = (rfFieldId: string) => `${CARD_FIELD_PREFIX}${rfFieldId}`;
export const fieldTransformId = (rfFieldId: string) => `wizard.transform.${rfFieldId}`;
export const returnTargetId = (value: string) => `wizard.return.${value}`;

export const StatusIds = {
  refresh: 'status.refresh',
  runNow: 'status.run_now',
  fullSync: 'status.full_sync',
  /** The shown run's failed contacts ("Failed (n)"), and its skipped ones ("Skipped (n)"). */
  errors: 'status.errors',
  skipped: 'status.skipped',
  retryFailed: 'status.retry_failed',
  pause: 'status.pause',
  resume: 'status.resume',
  stop: 'status.stop',
  edit: 'status.edit',
  back: 'status.back',
} as const;

/** URL buttons of the status screen (not submit actions). */
export const StatusLinkIds = { connectRf: 'status.connect_rf' } as const;

/** The status screen's earlier runs: each row shows that run (its counts, failed and skipped contacts, Retry failed). */
export const StatusRunIds = ['status.run.0', 'status.run.1', 'status.run.2'] as const;
export type StatusRunActionId = (typeof StatusRunIds)[number];

/** A run's failed or skipped contacts, paged; `fullList` is a URL button (the signed page with the CSV). */
export const RunErrorsIds = {
  prev: 'errors.prev',
  next: 'errors.next',
  back: 'errors.back',
  fullList: 'errors.full_list',
} as const;

/** The workspace's syncs (issue #13: several per workspace). `open` ids: one per row, the row's sync in stored_data. */
export const SyncListIds = {
  show: 'synclist.show',
  add: 'synclist.add',
  /** Back: to the status it was opened from (All syncs), else the card. */
  back: 'synclist.back',
  open: ['synclist.open.0', 'synclist.open.1', 'synclist.open.2', 'synclist.open.3', 'synclist.open.4',
    'synclist.open.5', 'synclist.open.6', 'synclist.open.7', 'synclist.open.8', 'synclist.open.9'],
} as const;

export const SegmentSyncIds = {
  /** Which sync's campaign and mapping (when the workspace has several): an input, then its Next. */
  campaign: 'segsync.campaign',
  campaignNext: 'segsync.campaign_next',
  segment: pickerIds('segsync.segment'),
  next: 'segsync.next',
  confirm: 'segsync.confirm',
  /** The teammate's own run: its failed and skipped contacts. */
  failed: 'segsync.failed',
  skipped: 'segsync.skipped',
  refresh: 'segsync.refresh',
  /** Stops the run shown (offered to the teammate who started it and to app admins). */
  stop: 'segsync.stop',
  back: 'segsync.back',
} as const;

type Values<T> = T[keyof T];
type ButtonIdsOf<T> = Values<{ [K in keyof T]: T[K] extends string ? T[K] : T[K] extends { filterGo: infer A; more: infer B; previous: infer C } ? A | B | C : never }>;

export type CardActionId = Values<typeof CardIds>;
/** Buttons, plus the two single-selects that submit on change. */
export type WizardActionId = Exclude<ButtonIdsOf<typeof WizardIds>, typeof WizardIds.interval | typeof WizardIds.onContactGone | typeof WizardIds.newReferrers | typeof WizardIds.connectLink | typeof WizardIds.firstNameText>;
export type StatusActionId = Values<typeof StatusIds>;
export type SegmentSyncActionId = Exclude<ButtonIdsOf<typeof SegmentSyncIds>, typeof SegmentSyncIds.campaign>;
export type RunErrorsActionId = Exclude<Values<typeof RunErrorsIds>, typeof RunErrorsIds.fullList>;
export type SyncListActionId = typeof SyncListIds.show | typeof SyncListIds.add | typeof SyncListIds.back | (typeof SyncListIds.open)[number];
