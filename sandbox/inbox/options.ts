import type { EventRow, Teammate } from './wire.js';

/** What "Simulate referral" needs: the RF stand-in's control (in-process) fits this shape. */
export interface ReferralActivity {
  simulateReferral(input: { referrerEmail: string; count?: number; qualified?: boolean }): unknown;
}

export interface InboxSimulatorOptions {
  /** Where the app serves its Canvas Kit endpoints, e.g. http://127.0.0.1:3000 */
  appBaseUrl: string;
  /** The app's client secret: signs every canvas request. Stays on the server. */
  clientSecret: string;
  /** The Intercom stand-in: the workspace, its admin (GET /me) and its contacts. */
  intercom: { url: string; accessToken: string };
  /** Default: the admin behind the token (app admin) and one plain teammate. */
  teammates?: Teammate[];
  canvasPaths?: { initialize?: string; submit?: string };
  /** How long the simulator waits for the app; Intercom's own limit is undocumented. Default 10 s. */
  timeoutMs?: number;
  referralActivity?: ReferralActivity;
  /** Recent webhook events and what the app did with each (the demo reads them from the app's store), newest first. */
  events?: () => Promise<EventRow[]>;
  now?: () => number;
}
