import { afterEach, describe, expect, it } from 'vitest';
import { CardIds } from '../../canvas/ids.js';
import { SCOPES } from '../../sandbox/intercom/index.js';
import { installWorkspace } from '../helpers/app.js';
import { ADMIN, TEAMMATE, type InboxHarness, type RestContact, campaignFields, errorsOf, eventually, inboxHarness, putCampaignSync, texts } from './harness.js';

// Issue #11, observation 8: Intercom answers 401 `token_unauthorized` when the token lacks a
// permission the call needs, and 401 `unauthorized` when the token is revoked. Only the latter
// disconnects the installation; the former names the permission and asks for a reinstall to grant it.
let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const RETURNS = { referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count', converted_referrals_count: 'rf_converted_referrals_count' };
const MISSING_WRITE = 'Intercom refused: the app lacks the “Write users and companies” permission. An app admin must reinstall the app to grant it.';
const REVOKED = 'Access to Intercom was revoked. An app admin must reinstall the app.';

/** The workspace installed with a token that may read contacts and create attributes, not write contacts. */
async function withoutWritePermission(x: InboxHarness) {
  const token = x.sb.intercom.control.issueToken(undefined, [SCOPES.readUsers, SCOPES.readAdmins, SCOPES.writeDataAttributes]);
  await installWorkspace(x.deps, { workspaceId: x.workspaceId, accessToken: token, adminId: ADMIN, rfApiKey: x.sb.rf.apiKey });
  return putCampaignSync(x, { fieldMapping: campaignFields(), returnMapping: RETURNS });
}
const withEmail = async (x: InboxHarness): Promise<RestContact> => (await x.contacts()).find((c) => c.email?.includes('@') && c.name)!;
const ended = (x: InboxHarness, syncId: string) =>
  eventually(async () => (await x.deps.sync.listRuns(syncId)), (runs) => runs.length > 0 && runs.every((r) => r.status !== 'queued' && r.status !== 'running'));

describe('a missing permission is not a revoked token', () => {
  it('when the token lacks the permission to write contacts, then Add as referrer names it and asks for a reinstall to grant it, and the app stays connected', async () => {
    h = await inboxHarness();
    await withoutWritePermission(h);
    const contact = await withEmail(h);
    const res = await h.submit(CardIds.addReferrer, { admin: TEAMMATE, contact, storedData: { v: 1, flow: 'card' } });
    expect(errorsOf(res).join(' ')).toContain(MISSING_WRITE);
    expect(texts(res)).not.toMatch(/revoked/);
    expect((await h.deps.installations.get(h.workspaceId))?.status).toBe('active');
    expect(texts(await h.initialize({ admin: TEAMMATE, contact }))).not.toMatch(/revoked/);
  });

  it('when a sync runs with that token, then the run stops and its failure reason, on the status screen too, names the permission', async () => {
    h = await inboxHarness();
    const def = await withoutWritePermission(h);
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const [run] = await ended(h, def.id);
    expect(run).toMatchObject({ status: 'failed', failureReason: `upstream_permission_missing: ${MISSING_WRITE}` });
    expect(run!.counts.failed).toBe(0);
    expect((await h.deps.installations.get(h.workspaceId))?.status).toBe('active');
    const status = await h.submit(CardIds.settings, { admin: ADMIN, storedData: { v: 1, flow: 'card' } });
    expect(texts(status)).toContain('Sync status');
    expect(texts(status)).toContain(MISSING_WRITE);
  });

  it('when the token is revoked, then the run fails as revoked, the installation is disconnected and the inbox says revoked, not a permission', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h, { fieldMapping: campaignFields(), returnMapping: RETURNS });
    const contact = await withEmail(h);
    h.sb.intercom.control.revokeToken(h.sb.intercom.accessToken);
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const [run] = await ended(h, def.id);
    expect(run?.status).toBe('failed');
    expect(run?.failureReason).toMatch(/^upstream_auth_failed: /);
    await eventually(async () => (await h!.deps.installations.get(h!.workspaceId))?.status, (s) => s === 'disconnected');
    const card = await h.initialize({ admin: ADMIN, contact });
    expect(texts(card)).toMatch(/revoked/);
    expect(texts(card)).not.toMatch(/permission/);
  });

  it('when Intercom answers 403 api_plan_restricted (the plan lacks API access), then the run stops with that reason, the installation stays connected and nothing says revoked', async () => {
    h = await inboxHarness();
    const def = await putCampaignSync(h, { fieldMapping: campaignFields(), returnMapping: RETURNS });
    const contact = await withEmail(h);
    h.sb.intercom.control.injectFaults({ status: 403, count: 1000, match: 'POST /contacts/search' });
    await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    const [run] = await ended(h, def.id);
    expect(run?.status).toBe('failed');
    expect(run?.failureReason).toMatch(/^upstream_forbidden: Intercom refused: the API or this feature is not available on the workspace’s Intercom plan/);
    expect((await h.deps.installations.get(h.workspaceId))?.status).toBe('active');
    h.sb.intercom.control.clearFaults();
    expect(texts(await h.initialize({ admin: ADMIN, contact }))).not.toMatch(/revoked/);
    const status = await h.submit(CardIds.settings, { admin: ADMIN, storedData: { v: 1, flow: 'card' } });
    expect(texts(status)).toContain('not available on the workspace’s Intercom plan');
  });
});
