import type { SimulatorSetup, Teammate } from './wire.js';
import type { WorkspaceApi } from './workspace-api.js';

export interface ResolvedSetup {
  appBaseUrl: string;
  workspace: { id: string; region: string };
  teammates: Teammate[];
}

/**
 * Workspace and teammates as Intercom knows them: the admin behind the token installed the app
 * (so the app counts them as its first app admin); the second teammate is a plain teammate.
 */
export async function resolveSetup(
  api: WorkspaceApi,
  opts: { appBaseUrl: string; teammates?: Teammate[] },
): Promise<ResolvedSetup> {
  const me = await api.me();
  const domain = me.email.split('@')[1] ?? 'example.com';
  const teammates = opts.teammates ?? [
    { id: me.id, name: me.name, email: me.email, note: 'installed the app (app admin)' },
    { id: plainTeammateId(me.id), name: 'Grace Hopper', email: `grace@${domain}`, note: 'plain teammate' },
  ];
  // Region codes in canvas requests are not documented (canvas-kit.md §12); lower-case is a guess.
  const region = (me.app.region ?? 'US').toLowerCase();
  return { appBaseUrl: opts.appBaseUrl, workspace: { id: me.app.id_code, region }, teammates };
}

function plainTeammateId(adminId: string): string {
  const n = Number(adminId);
  return Number.isSafeInteger(n) ? String(n + 1) : `${adminId}-teammate`;
}

export function publicSetup(
  setup: ResolvedSetup,
  opts: { timeoutMs: number; canSimulateReferrals: boolean },
): SimulatorSetup {
  // Relative to the page (served at <mount>/): the client secret never leaves the server.
  return {
    appBaseUrl: setup.appBaseUrl,
    workspace: setup.workspace,
    teammates: setup.teammates,
    endpoints: {
      contacts: 'api/contacts',
      initialize: 'api/initialize',
      submit: 'api/submit',
      simulateReferral: opts.canSimulateReferrals ? 'api/simulate-referral' : null,
    },
    timeoutMs: opts.timeoutMs,
  };
}
