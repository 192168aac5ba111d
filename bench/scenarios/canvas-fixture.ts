import { audienceScreen } from '../../canvas/screens/wizard-audience.js';
import { initializeBody, submitBody, type RequestContext } from '../../sandbox/inbox/canvas-request.js';
import { createWorkspaceApi } from '../../sandbox/inbox/workspace-api.js';
import type { StoredData } from '../../canvas/index.js';
import { stateFromDefinition } from '../../src/inbox/wizard/draft.js';
import { WizardIds } from '../../canvas/screens/ids.js';
import { postSigned } from '../lib/signed.js';
import { BENCH_ADMIN, BENCH_WORKSPACE, benchDefinition, RETURN_MAPPING } from '../lib/seed-store.js';
import type { SandboxesReady } from '../lib/sandboxes-types.js';

// The two requests under load, built as Intercom builds them (the simulator's body builders):
// the referral card's initialize for a contact whose attributes already carry the referral values,
// and a wizard submit ("Next" on the audience step) that needs no call to Intercom or RF.

export interface CanvasCall {
  path: string;
  body: unknown;
  /** What the app answered once before the load: the bare server answers the same. */
  reference: unknown;
  bytes: number;
}

const hasComponent = (json: unknown, id: string) => JSON.stringify(json).includes(`"${id}"`);

export async function canvasRequests(app: { url: string; clientSecret: string }, sb: SandboxesReady): Promise<{ initialize: CanvasCall; submit: CanvasCall; notes: string[] }> {
  const api = createWorkspaceApi({ url: sb.intercomUrl, accessToken: sb.intercomToken });
  const page = await api.listContacts({ perPage: 20 });
  const first = page.contacts.find((c) => c.email) ?? page.contacts[0];
  if (!first) throw new Error('the Intercom stand-in has no contact');
  const rest = await api.getContact(first.id);
  const contact = {
    ...rest,
    custom_attributes: {
      ...((rest.custom_attributes as Record<string, unknown> | undefined) ?? {}),
      [RETURN_MAPPING.referral_link]: 'https://rfer.me/bench-ada',
      [RETURN_MAPPING.referrals_count]: 7,
      [RETURN_MAPPING.converted_referrals_count]: 3,
    },
  };
  const ctx: RequestContext = {
    workspace: { id: BENCH_WORKSPACE, region: 'US' },
    teammate: { id: BENCH_ADMIN, name: 'Bench Admin', email: 'bench-admin@example.com', note: 'installed the app' },
    contact: contact as RequestContext['contact'],
    now: Date.now(),
  };

  const state = stateFromDefinition(BENCH_WORKSPACE, benchDefinition());
  state.draft.rfFields ??= [
    { id: 'first_name', label: 'First Name', required: true },
    { id: 'email', label: 'Email', required: true },
  ];
  state.at = { step: 'audience', picker: { filter: '', page: 0 } };
  const current = audienceScreen({ kind: 'all', segments: [], filter: '', page: 0 } as Parameters<typeof audienceScreen>[0], state as unknown as StoredData);
  const init = initializeBody(ctx);
  const submit = submitBody(ctx, {
    componentId: WizardIds.audienceNext,
    currentCanvas: current as unknown as Record<string, unknown>,
    inputValues: { [WizardIds.audienceType]: 'all' },
  });

  const initRes = await postSigned(`${app.url}/canvas/initialize`, init, app.clientSecret);
  const submitRes = await postSigned(`${app.url}/canvas/submit`, submit, app.clientSecret);
  const notes: string[] = [];
  if (initRes.status !== 200 || !JSON.stringify(initRes.json).includes('https://rfer.me/bench-ada')) {
    throw new Error(`initialize did not answer the referral card from the contact's attributes (status ${initRes.status}): ${JSON.stringify(initRes.json).slice(0, 300)}`);
  }
  if (submitRes.status !== 200 || !hasComponent(submitRes.json, WizardIds.fieldsNext)) {
    throw new Error(`the wizard submit did not lead to the fields step (status ${submitRes.status}): ${JSON.stringify(submitRes.json).slice(0, 300)}`);
  }
  return {
    initialize: { path: '/canvas/initialize', body: init, reference: initRes.json, bytes: initRes.bytes },
    submit: { path: '/canvas/submit', body: submit, reference: submitRes.json, bytes: submitRes.bytes },
    notes,
  };
}
