import type { SimulatorSetup, Teammate } from './wire.js';
import type { RestAdmin, WorkspaceApi } from './workspace-api.js';

export interface ResolvedSetup {
  appBaseUrl: string;
  workspace: { id: string; region: string };
  teammates: Teammate[];
  /** The REST admin model of each teammate, sent as `admin` in canvas requests. */
  admins: Map<string, Record<string, unknown>>;
}

/**
 * Workspace and teammates as Intercom knows them (GET /me, GET /admins): the admin behind the
 * token installed the app, so the app counts them as its first app admin; the others are
 * plain teammates until an app admin adds them.
 */
export async function resolveSetup(
  api: WorkspaceApi,
  opts: { appBaseUrl: string; teammates?: Teammate[] },
): Promise<ResolvedSetup> {
  const me = await api.me();
  const admins: RestAdmin[] = await api.admins().catch(() => []);
  const others = admins.filter((a) => a.id !== me.id);
  const teammates = opts.teammates ?? [
    { id: me.id, name: me.name, email: me.email, note: 'installed the app (app admin)' },
    ...(others.length > 0
      ? others.map((a) => ({ id: a.id, name: a.name, email: a.email, note: 'teammate' }))
      : [{ id: `${me.id}-teammate`, name: 'Grace Hopper', email: `grace@${me.email.split('@')[1] ?? 'example.com'}`, note: 'teammate' }]),
  ];
  // Region codes in canvas requests are not documented (canvas-kit.md §12); lower-case is a guess.
  const region = (me.app.region ?? 'US').toLowerCase();
  return {
    appBaseUrl: opts.appBaseUrl,
    workspace: { id: me.app.id_code, region },
    teammates,
    admins: new Map(admins.map((a) => [a.id, a])),
  };
}

export function publicSetup(
  setup: ResolvedSetup,
  opts: { timeoutMs: number; canSimulateReferrals: boolean; hasEvents?: boolean },
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
      events: opts.hasEvents ? 'api/events' : null,
    },
    timeoutMs: opts.timeoutMs,
  };
}
