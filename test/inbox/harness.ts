import { expect } from 'vitest';
import { CardIds, SegmentSyncIds, WizardIds, fieldSourceId } from '../../canvas/ids.js';
import type { IntercomSandboxOptions } from '../../sandbox/intercom/index.js';
import { installWorkspace, testApp, type TestApp } from '../helpers/app.js';
import type { AppLogger } from '../../src/shared/logger.js';
import type { SyncDefinition } from '../../src/sync/definition.js';
import { canvasBody, canvasVerdict, signedPost, storedDataOf } from '../helpers/canvas.js';
import { putDefinition } from '../helpers/fixtures.js';
import { type Sandboxes, startSandboxes } from '../helpers/sandboxes.js';

// The inbox app as Intercom drives it: the real app (createApp) over the two stand-ins, signed
// requests, every answer checked with the canvas validator, and a session that sends back the
// stored_data of the last canvas, as Intercom does.

export const ADMIN = '1';
export const TEAMMATE = '2';

/** A REST contact as the Intercom stand-in returns it (what Intercom puts in canvas requests). */
export type RestContact = Record<string, unknown> & { id: string; email: string | null; role: string; custom_attributes: Record<string, unknown> };

export interface InboxHarness extends TestApp {
  sb: Sandboxes;
  workspaceId: string;
  /** Intercom REST through the stand-in, with the workspace's token. */
  intercomGet<T = any>(path: string): Promise<T>;
  intercomPost<T = any>(path: string, body: unknown): Promise<T>;
  intercomPut<T = any>(path: string, body: unknown): Promise<T>;
  contacts(): Promise<RestContact[]>;
  contact(id: string): Promise<RestContact>;
  initialize(o?: { admin?: string; contact?: RestContact | null; conversation?: string }): Promise<any>;
  submit(componentId: string, o?: { admin?: string; contact?: RestContact | null; conversation?: string; storedData?: unknown; inputs?: Record<string, unknown> }): Promise<any>;
  session(o?: { admin?: string; contact?: RestContact | null; conversation?: string }): Session;
  close(): Promise<void>;
}

export interface Session {
  /** The last response body. */
  last: any;
  open(): Promise<any>;
  click(componentId: string, inputs?: Record<string, unknown>): Promise<any>;
  /** Replaces the stored_data Intercom would send back (tampering). */
  forge(storedData: unknown): void;
}

function checked(body: unknown, flow: 'initialize' | 'submit'): any {
  const verdict = canvasVerdict(body, flow);
  expect(verdict.errors, JSON.stringify(body)).toEqual([]);
  return body;
}

export async function inboxHarness(
  o: { intercom?: IntercomSandboxOptions; rfConnected?: boolean; installed?: boolean; logger?: AppLogger } = {},
): Promise<InboxHarness> {
  const sb = await startSandboxes({ intercom: { seed: { contacts: 20, segments: 25, customAttributes: 30 }, ...o.intercom } });
  const t = await testApp({ intercomUrl: sb.intercom.url, rfBaseUrl: sb.rf.baseUrl, ...(o.logger ? { logger: o.logger } : {}) });
  const workspaceId = sb.intercom.workspaceId;
  if (o.installed !== false) {
    await installWorkspace(t.deps, {
      workspaceId, accessToken: sb.intercom.accessToken, adminId: ADMIN,
      ...(o.rfConnected === false ? {} : { rfApiKey: sb.rf.apiKey }),
    });
  }
  const auth = { authorization: `Bearer ${sb.intercom.accessToken}`, accept: 'application/json', 'content-type': 'application/json' };
  const intercomGet = async (path: string) => (await fetch(`${sb.intercom.url}${path}`, { headers: auth })).json();
  const intercomPost = async (path: string, body: unknown) =>
    (await fetch(`${sb.intercom.url}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) })).json();
  const intercomPut = async (path: string, body: unknown) =>
    (await fetch(`${sb.intercom.url}${path}`, { method: 'PUT', headers: auth, body: JSON.stringify(body) })).json();

  const post = async (path: string, body: unknown, flow: 'initialize' | 'submit') => {
    const res = await signedPost(t.app, path, body, t.secret);
    expect(res.status).toBe(200);
    return checked(res.body, flow);
  };
  const initialize: InboxHarness['initialize'] = (x = {}) =>
    post('/canvas/initialize', canvasBody({
      workspace: workspaceId, admin: x.admin ?? ADMIN, contact: x.contact === undefined ? null : x.contact,
      ...(x.conversation ? { conversationId: x.conversation } : {}),
    }), 'initialize');
  const submit: InboxHarness['submit'] = (componentId, x = {}) =>
    post('/canvas/submit', canvasBody({
      workspace: workspaceId, admin: x.admin ?? ADMIN, contact: x.contact === undefined ? null : x.contact,
      ...(x.conversation ? { conversationId: x.conversation } : {}),
      componentId, storedData: x.storedData, inputs: x.inputs ?? {},
    }), 'submit');

  return {
    ...t, sb, workspaceId, intercomGet, intercomPost, intercomPut, initialize, submit,
    contacts: async () => (await intercomGet('/contacts?per_page=150')).data,
    contact: (id) => intercomGet(`/contacts/${id}`),
    session(x = {}) {
      let stored: unknown;
      const s: Session = {
        last: undefined,
        async open() {
          s.last = await initialize(x);
          stored = storedDataOf(s.last);
          return s.last;
        },
        async click(componentId, inputs = {}) {
          s.last = await submit(componentId, { ...x, storedData: stored, inputs });
          stored = storedDataOf(s.last);
          return s.last;
        },
        forge(sd) {
          stored = sd;
        },
      };
      return s;
    },
    close: () => sb.close(),
  };
}

/**
 * An admin's session walked to step 3 (Map Referral Factory Fields to Intercom) of a new sync into
 * campaign 1 for Users, Company Name from the name: the walk most wizard tests start from.
 */
export async function sessionAtReturns(x: InboxHarness): Promise<Session> {
  const s = x.session({ admin: ADMIN });
  await s.open();
  await s.click(CardIds.settings);
  await s.click(WizardIds.connectNext, { [WizardIds.campaign.choice]: '1' });
  await s.click(WizardIds.audienceType, { [WizardIds.audienceType]: 'users' });
  await s.click(WizardIds.audienceNext);
  await s.click(WizardIds.fieldsNext, { [fieldSourceId('company_name')]: 'std:name' });
  expect(texts(s.last)).toContain('Map Referral Factory Fields to Intercom');
  return s;
}

type FieldSource = SyncDefinition['fieldMapping'][number]['from'];

/** The three fields campaign 1 of the RF stand-in requires; Company Name from `company` (default: the name). */
export const campaignFields = (company: FieldSource = { kind: 'standard', field: 'name' }): SyncDefinition['fieldMapping'] => [
  { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
  { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'none' },
  { to: 'company_name', from: company, transform: 'none' },
];

/** A saved sync of the harness's workspace into campaign 1, written straight into the repository. */
export function putCampaignSync(x: InboxHarness, over: Partial<SyncDefinition> = {}): Promise<SyncDefinition> {
  return putDefinition(x.repos, {
    workspaceId: x.workspaceId,
    campaignId: 1,
    campaignName: 'Customer Referral Program',
    fieldMapping: campaignFields(),
    returnMapping: { referral_link: 'rf_referral_link' },
    ...over,
  });
}

type Comp = { type: string; id?: string; options?: { id: string; text: string; disabled?: boolean }[]; value?: string; save_state?: string; text?: string; label?: string };
export const components = (body: any): Comp[] => body.canvas.content.components;
export const find = (body: any, id: string): Comp | undefined => components(body).find((c) => c.id === id);
export const optionsOf = (body: any, id: string) => find(body, id)?.options?.filter((o) => !o.disabled) ?? [];
export const errorsOf = (body: any): string[] => components(body).filter((c) => c.type === 'text' && (c as any).style === 'error').map((c) => c.text!);
export const texts = (body: any): string => JSON.stringify(body.canvas.content);

/** Polls until the check passes (runs work in the background). */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The labels of a canvas's buttons, in order. */
export const buttonLabels = (body: any): string[] => components(body).filter((c) => c.type === 'button').map((c) => (c as { label?: string }).label ?? '');

/** A teammate's segment sync of six contacts, started from the card; the session (on its progress screen) and the run id. */
export async function teammateSegmentSync(x: InboxHarness, admin = TEAMMATE): Promise<{ t: Session; runId: string }> {
  const segment = x.sb.intercom.control.segments()[0]!;
  for (let i = 0; i < 6; i++) x.sb.intercom.control.createContact({ role: 'user', email: `seg${i}@example.test`, name: `Seg ${i}`, segmentIds: [segment.id] });
  x.sb.intercom.control.settleIndex();
  const t = x.session({ admin });
  await t.open();
  await t.click(CardIds.syncSegment);
  await t.click(SegmentSyncIds.next, { [SegmentSyncIds.segment.choice]: segment.id });
  await t.click(SegmentSyncIds.confirm);
  return { t, runId: t.last.canvas.stored_data.runId as string };
}
