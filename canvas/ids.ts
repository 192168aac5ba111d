// Component ids of the app core's screens (install state, app settings). The inbox screens'
// ids live in ./screens/ids.ts; both sets are routed by one table in src/inbox/router.ts.
export * from './screens/ids.js';

export const AppIds = {
  /** Opens the app settings (admins, Referral Factory connection, uninstall). */
  settings: 'app.settings',
  connectRf: 'app.connect_rf',
  /** "I have connected it": back from the setup page, App settings drawn again with the connection. */
  connectedCheck: 'app.rf_connected_check',
  /** The teammate picker (filter + pages, as for segments): its input ids and its buttons. */
  teammatePick: 'app.teammate.choice',
  teammateFilter: 'app.teammate.filter',
  teammateFilterGo: 'app.teammate.filter_go',
  teammateMore: 'app.teammate.more',
  teammatePrevious: 'app.teammate.previous',
  addAdmin: 'app.admin_add',
  removeAdmin: 'app.admin_remove',
  /** Removing yourself asks first. */
  removeSelfConfirm: 'app.admin_remove_self_confirm',
  /** Lets teammates who aren't app admins start one-off segment syncs, or stops them. */
  toggleSegmentSync: 'app.segment_sync_toggle',
  disconnectRf: 'app.rf_disconnect',
  disconnectRfConfirm: 'app.rf_disconnect_confirm',
  /** App settings › Activity: who changed what. */
  activity: 'app.activity',
  uninstall: 'app.uninstall',
  uninstallConfirm: 'app.uninstall_confirm',
  /** Draws the app's first canvas again (after an error or an expired screen). */
  restart: 'app.restart',
  /** URL buttons: not submit actions. */
  installLink: 'app.install_link',
  setupLink: 'app.setup_link',
  /** URL button: the secure page with the workspace's RF webhook URLs. */
  rfWebhookLink: 'app.rf_webhook_link',
  /** Replaces the RF webhook secret (asks first): the old URLs stop working. */
  rotateRfWebhook: 'app.rf_webhook_rotate',
  rotateRfWebhookConfirm: 'app.rf_webhook_rotate_confirm',
} as const;

type AppInputId = typeof AppIds.teammatePick | typeof AppIds.teammateFilter;
export type AppActionId = Exclude<(typeof AppIds)[keyof typeof AppIds], AppInputId | typeof AppIds.installLink | typeof AppIds.setupLink | typeof AppIds.rfWebhookLink>;
