import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { startInboxSimulator, type CanvasCallResult, type InboxSimulator, type SimulatorSetup } from '../../sandbox/inbox/index.js';
import { startCanvasAppFixture, type CanvasAppFixture } from './helpers/canvas-app-fixture.js';

// The simulator's server side, without a browser: what it sends to an app and how it judges
// the answers. The browser tests drive the same endpoints from the page against the real app.

const SECRET = 'simulator-test-client-secret';
let intercom: IntercomSandbox;
let app: CanvasAppFixture;
let inbox: InboxSimulator;
let rf: ReferralFactorySandbox;
const REFERRER = 'simulated.referrer@example.test';

const api = async <T>(path: string, body?: unknown): Promise<T> => {
  const res = await fetch(new URL(path, inbox.url), body === undefined ? {} : {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

async function firstContactAndTeammate(): Promise<{ contactId: string; teammateId: string }> {
  const setup = await api<SimulatorSetup>('setup.json');
  const page = await api<{ contacts: Array<{ id: string }> }>('api/contacts');
  return { contactId: page.contacts[0]!.id, teammateId: setup.teammates[0]!.id };
}

beforeAll(async () => {
  intercom = await startIntercomSandbox({ seed: { contacts: 12 }, clientSecret: SECRET });
  app = await startCanvasAppFixture();
  rf = await startReferralFactorySandbox({ seed: { referrerEmails: [REFERRER] } });
  inbox = await startInboxSimulator({
    referralActivity: rf.control,
    appBaseUrl: app.url,
    clientSecret: SECRET,
    intercom: { url: intercom.url, accessToken: intercom.accessToken },
    timeoutMs: 500,
  });
});

afterAll(async () => {
  await inbox?.close();
  await app?.close();
  await intercom?.close();
  await rf?.close();
});

describe('inbox simulator server', () => {
  it('when contacts are listed, then names show as typed, as Intercom\'s inbox shows them (the REST API escapes them)', async () => {
    const page = await api<{ contacts: Array<{ name: string | null }> }>('api/contacts?q=Brien');
    expect(page.contacts.map((c) => c.name)).toEqual(["O'Brien & Sons"]);
  });

  it('when the page loads its setup, then it gets the workspace and its teammates but never the client secret', async () => {
    const res = await fetch(new URL('setup.json', inbox.url));
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    const setup = JSON.parse(text) as SimulatorSetup;
    expect(setup.workspace.id).toBe(intercom.workspaceId);
    // The admin behind the token (who installed the app) first, then the workspace's other admins.
    expect(setup.teammates.length).toBeGreaterThanOrEqual(2);
    expect(setup.teammates[0]!.note).toMatch(/installed the app/);
    expect(setup.appBaseUrl).toBe(app.url);
  });

  it('when a conversation is opened, then the app gets an initialize signed over the exact bytes, with admin, conversation and the full contact', async () => {
    const ids = await firstContactAndTeammate();
    const result = await api<CanvasCallResult>('api/initialize', ids);
    const call = app.calls.at(-1)!;
    expect(call.path).toBe('/canvas/initialize');
    expect(call.signature).toBe(createHmac('sha256', SECRET).update(call.raw).digest('hex'));
    expect(Object.keys(call.body).sort()).toEqual(['admin', 'contact', 'conversation', 'workspace_id', 'workspace_region']);
    expect(call.body['workspace_id']).toBe(intercom.workspaceId);
    expect(call.body['admin']).toMatchObject({ type: 'admin', id: ids.teammateId, has_inbox_seat: true, team_ids: [] });
    expect(call.body['contact']).toMatchObject({ type: 'contact', id: ids.contactId, custom_attributes: expect.any(Object) });
    expect(call.body['conversation']).toMatchObject({ type: 'conversation', state: 'open' });
    expect(result.verdict).toMatchObject({ ok: true, errors: [] });
    expect(result.status).toBe(200);
  });

  it('when a component is clicked, then the submit carries component_id, the current canvas with stored_data and the input values', async () => {
    const ids = await firstContactAndTeammate();
    const currentCanvas = { content: { components: [{ type: 'input', id: 'email' }] }, stored_data: { v: 1, step: 'x' } };
    await api('api/submit', { ...ids, componentId: 'save', currentCanvas, inputValues: { email: 'a@b.c', tags: ['x'] } });
    const call = app.calls.at(-1)!;
    expect(call.path).toBe('/canvas/submit');
    expect(call.signature).toBe(createHmac('sha256', SECRET).update(call.raw).digest('hex'));
    expect(call.body).toMatchObject({
      component_id: 'save',
      current_canvas: currentCanvas,
      input_values: { email: 'a@b.c', tags: ['x'] },
      contact: { id: ids.contactId },
    });
  });

  it('when the first canvas is taller than 400 px, then the verdict rejects it', async () => {
    const tall = Array.from({ length: 12 }, (_, i) => ({ type: 'button', id: `b${i}`, label: `Button ${i}`, action: { type: 'submit' } }));
    app.answer(() => ({ body: { canvas: { content: { components: tall } } } }));
    const result = await api<CanvasCallResult>('api/initialize', await firstContactAndTeammate());
    expect(result.verdict.ok).toBe(false);
    expect(result.verdict.errors.join('\n')).toMatch(/400/);
    expect(result.verdict.heightPx).toBeGreaterThan(400);
  });

  it('when the app answers a component Intercom refuses, then the verdict names it', async () => {
    const oneOption = { type: 'dropdown', id: 'd', options: [{ type: 'option', id: 'a', text: 'A' }] };
    app.answer(() => ({ body: { canvas: { content: { components: [oneOption] } } } }));
    const result = await api<CanvasCallResult>('api/submit', {
      ...(await firstContactAndTeammate()),
      componentId: 'x',
      currentCanvas: { content: { components: [] } },
      inputValues: {},
    });
    expect(result.verdict.ok).toBe(false);
    expect(result.verdict.errors.join('\n')).toMatch(/components\[0\]/);
  });

  it('when the app answers 500 or too late, then the verdict says so', async () => {
    app.answer(() => ({ status: 500, body: { error: 'boom' } }));
    const ids = await firstContactAndTeammate();
    const failed = await api<CanvasCallResult>('api/initialize', ids);
    expect(failed.verdict).toMatchObject({ ok: false, errors: [expect.stringContaining('HTTP 500')] });
    app.answer(() => ({ body: {}, delayMs: 1_000 }));
    const late = await api<CanvasCallResult>('api/initialize', ids);
    expect(late.status).toBeNull();
    expect(late.verdict.errors[0]).toMatch(/within 500 ms/);
  });

  it('when the page sends an unknown teammate, then the simulator refuses with 400', async () => {
    const { contactId } = await firstContactAndTeammate();
    const res = await fetch(new URL('api/initialize', inbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contactId, teammateId: 'nobody' }),
    });
    expect(res.status).toBe(400);
  });

  it('when a referral or a conversion is simulated for a referrer, then Referral Factory counts it', async () => {
    const before = rf.control.getUser(REFERRER)!.analytics;
    await api('api/simulate-referral', { email: REFERRER });
    await api('api/simulate-referral', { email: REFERRER, qualified: true });
    const after = rf.control.getUser(REFERRER)!.analytics;
    expect(after.referrals).toBe(before.referrals + 2);
    expect(after.qualified_referrals).toBe(before.qualified_referrals + 1);
  });

  it('when a referral is simulated for someone who is not a referrer, then the simulator says so with 400', async () => {
    const res = await fetch(new URL('api/simulate-referral', inbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.test' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).not.toBe('');
  });
});
