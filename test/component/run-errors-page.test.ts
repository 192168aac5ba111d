import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, RunErrorsIds, StatusIds } from '../../canvas/ids.js';
import { ADMIN, TEAMMATE, type InboxHarness, eventually, find, inboxHarness, putCampaignSync } from '../inbox/harness.js';

// The full list of a run's failed and skipped contacts (issue #13): a page of this app behind a
// signed, short-lived link from the errors screen, with a CSV download.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A finished run with 2 failures (RF refuses a 300-character first name) and 3 skips (no email; one named like a formula). */
async function runWithIssues(x: InboxHarness) {
  for (let i = 0; i < 2; i++) x.sb.intercom.control.createContact({ role: 'user', email: `long${i}@example.test`, name: 'N'.repeat(300) });
  x.sb.intercom.control.createContact({ role: 'lead', email: null, name: '=HYPERLINK("http://evil.test","click")' });
  for (let i = 0; i < 2; i++) x.sb.intercom.control.createContact({ role: 'lead', email: null, name: `Lead "${i}" <b>` });
  x.sb.intercom.control.settleIndex();
  const def = await putCampaignSync(x);
  await x.deps.sync.startRun(def.id, { trigger: 'manual' });
  const [run] = await eventually(async () => x.deps.sync.listRuns(def.id), (r) => r.length > 0 && r.every((y) => y.status !== 'queued' && y.status !== 'running'));
  expect(run).toMatchObject({ counts: { failed: 2, skipped: 3 } });
  return run!;
}

/** The link the errors screen offers, as a path of this app. */
async function linkFromScreen(x: InboxHarness, admin = ADMIN): Promise<string> {
  const s = x.session({ admin });
  await s.open();
  await s.click(CardIds.settings);
  await s.click(StatusIds.skipped);
  const button = find(s.last, RunErrorsIds.fullList) as { action?: { type: string; url: string } } | undefined;
  expect(button?.action?.type).toBe('url');
  const url = new URL(button!.action!.url);
  return `${url.pathname}${url.search}`;
}

describe('the full error list page', () => {
  it('when an app admin opens the link from the errors screen, then the page lists every kept contact by name, email and whole reason, with the counts and a CSV of the same rows', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    await runWithIssues(h);
    const path = await linkFromScreen(h);
    expect(path).toMatch(/^\/runs\/errors\?token=/);

    const page = await request(h.app).get(path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Customer Referral Program');
    expect(page.text).toContain('Failed 2 · Skipped 3');
    expect(page.text).toContain(`<td>${'N'.repeat(200)}</td><td>long0@example.test</td>`);
    expect(page.text).toContain('<td>Lead &quot;0&quot; &lt;b&gt;</td><td>no email</td>');
    expect(page.text).not.toContain('<b>"');
    const csvHref = /href="([^"]+\.csv[^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');

    const csv = await request(h.app).get(csvHref);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="run_[\w-]+-contacts\.csv"$/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('outcome,name,email,reason_code,reason,intercom_contact_id');
    expect(lines).toHaveLength(1 + 5);
    expect(lines.slice(1, 3).every((l) => l.startsWith('"Failed","NNN'))).toBe(true);
    // A name a spreadsheet would run as a formula is written as text.
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")","no email","no_email"`);
    expect(csv.text).toContain('"Lead ""1"" <b>","no email"');
  });

  it('when the link is forged, of another kind, expired, or its person is no longer allowed, then nothing of the run is shown', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 0, segments: 2 } } });
    const run = await runWithIssues(h);
    const ws = h.workspaceId;
    const get = (token: string) => request(h!.app).get(`/runs/errors?token=${encodeURIComponent(token)}`);

    const good = h.deps.tokens.issue('run_errors', { ws, adm: ADMIN, run: run.id });
    expect((await get(good)).status).toBe(200);
    const forged = await get(`${good.slice(0, -3)}abc`);
    expect(forged.status).toBe(400);
    expect(forged.text).not.toContain('long0@example.test');
    expect((await get(h.deps.tokens.issue('rf_setup', { ws, adm: ADMIN }))).status).toBe(400);
    const expired = await get(h.deps.tokens.issue('run_errors', { ws, adm: ADMIN, run: run.id }, -1));
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('expired');
    // A teammate (not an app admin) may not read an admin's run, nor anyone another workspace's.
    const teammate = await get(h.deps.tokens.issue('run_errors', { ws, adm: TEAMMATE, run: run.id }));
    expect(teammate.status).toBe(403);
    expect(teammate.text).not.toContain('long0@example.test');
    expect((await get(h.deps.tokens.issue('run_errors', { ws: 'ws_other', adm: ADMIN, run: run.id }))).status).toBe(403);
    expect((await request(h.app).get(`/runs/errors.csv?token=${encodeURIComponent(h.deps.tokens.issue('run_errors', { ws, adm: TEAMMATE, run: run.id }))}`)).status).toBe(403);
    expect((await request(h.app).get('/runs/errors.csv')).status).toBe(400);
  });
});
