import { type Request, type Response, Router } from 'express';
import { RUN_ERRORS_PATH, type AppDeps } from '../app-deps.js';
import { RUN_ERRORS_LINK_SECONDS } from '../install/signed-tokens.js';
import type { SyncRun } from '../sync/run-record.js';
import { type IssueRow, issueRows, reasonCounts } from '../sync/run-words.js';
import { Html, html, messagePage, sendPage } from './pages.js';

// The full list of a run's failed and skipped contacts, and its CSV (issue #13). Opened from the
// errors screen through a signed link that names the workspace, the person and the run, and
// expires after RUN_ERRORS_LINK_SECONDS: it grants reading that run's issues, nothing else.
// Checked again on every request: a person no longer allowed (admin removed, app uninstalled)
// gets nothing, whatever the link says.

const TITLE = 'Failed and skipped contacts';
const KINDS = { failed: 'Failed', skipped: 'Skipped' } as const;

type Found = { ok: true; run: SyncRun; campaign: string } | { ok: false; status: number; message: string };

async function find(deps: AppDeps, token: unknown): Promise<Found> {
  const checked = await deps.tokens.check('run_errors', typeof token === 'string' ? token : undefined);
  if (!checked.ok) {
    return checked.reason === 'expired'
      ? { ok: false, status: 410, message: `This link has expired (links last ${RUN_ERRORS_LINK_SECONDS / 60} minutes). Open the run's errors in Intercom again for a new one.` }
      : { ok: false, status: 400, message: 'This link is not valid. Open the run’s errors in Intercom again for a new one.' };
  }
  const { ws, adm, run: runId } = checked.token.claims;
  const [inst, run] = await Promise.all([deps.installations.get(ws), deps.sync.getRun(runId)]);
  const allowed = !!inst && inst.status === 'active'
    && (inst.appAdmins.includes(adm) || (run?.trigger === 'teammate' && inst.settings.teammatesCanSyncSegments));
  if (!allowed) return { ok: false, status: 403, message: 'You can no longer see this run’s contacts: only app admins (and teammates, for segment syncs) can.' };
  if (!run || run.workspaceId !== ws) return { ok: false, status: 404, message: 'This run is no longer kept: the app keeps the last 50 runs of each sync.' };
  const def = await deps.sync.getDefinition(run.syncId);
  return { ok: true, run, campaign: def?.campaignName ?? (def ? `Campaign ${def.campaignId}` : 'a campaign') };
}

/** OWASP "CSV injection": a cell a spreadsheet would read as a formula is prefixed with a quote. */
const cell = (v: string): string => `"${(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"`;

export function issuesCsv(rows: readonly IssueRow[]): string {
  const head = ['outcome', 'name', 'email', 'reason_code', 'reason', 'intercom_contact_id'].join(',');
  return [head, ...rows.map((r) => [KINDS[r.kind], r.name, r.email, r.code, r.reason, r.contactId].map(cell).join(','))].join('\r\n') + '\r\n';
}

const when = (at: number | null): string => (at === null ? '—' : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`);

function page(run: SyncRun, campaign: string, csvHref: string): Html {
  const rows = issueRows(run.issues);
  const reasons = (['failed', 'skipped'] as const).flatMap((k) => reasonCounts(run, k).map((r) => html`<li>${KINDS[k]}: <strong>${r.count}</strong> · ${r.message}</li>`));
  const kept = run.counts.failed + run.counts.skipped > rows.length
    ? html`<p class="muted">The run kept ${rows.length} of its ${run.counts.failed + run.counts.skipped} contacts by name (failures first); the counts by reason cover all of them.</p>`
    : html``;
  const join = (parts: Html[]) => new Html(parts.map((p) => p.markup).join(''));
  // What to do, as the panel says it: the page is read away from the panel.
  const todo = [
    ...(run.counts.failed > 0 ? [html`<li>Failed: fix the cause, then press <em>Retry failed</em> in the app (Sync settings, this run, its failed contacts; app admins).</li>`] : []),
    ...(run.counts.skipped > 0 ? [html`<li>Skipped: fix the contacts in Intercom (an email, the campaign’s required fields); the next run picks them up.</li>`] : []),
  ];
  return html`<h1>${TITLE}</h1>
<p>${campaign} · run of ${when(run.startedAt ?? run.queuedAt)} · Failed ${run.counts.failed} · Skipped ${run.counts.skipped}</p>
<p><a href="${csvHref}" download>Download CSV</a></p>
${reasons.length > 0 ? html`<h2>By reason</h2><ul>${join(reasons)}</ul>` : html`<p>No failed or skipped contacts in this run.</p>`}
${todo.length > 0 ? html`<h2>What to do</h2><ul>${join(todo)}</ul>` : html``}
${kept}
${rows.length > 0 ? html`<table><thead><tr><th>Outcome</th><th>Name</th><th>Email</th><th>Reason</th><th>Intercom contact ID</th></tr></thead><tbody>${join(rows.map((r) =>
    html`<tr><td>${KINDS[r.kind]}</td><td>${r.name}</td><td>${r.email}</td><td>${r.reason}</td><td>${r.contactId}</td></tr>`))}</tbody></table>` : html``}`;
}

export function runErrorsRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get(RUN_ERRORS_PATH, async (req: Request, res: Response) => {
    const found = await find(deps, req.query.token);
    if (!found.ok) return messagePage(res, found.status, TITLE, found.message);
    const csvHref = `${RUN_ERRORS_PATH}.csv?token=${encodeURIComponent(String(req.query.token))}`;
    sendPage(res, 200, TITLE, page(found.run, found.campaign, csvHref), { wide: true });
  });

  router.get(`${RUN_ERRORS_PATH}.csv`, async (req: Request, res: Response) => {
    const found = await find(deps, req.query.token);
    if (!found.ok) return messagePage(res, found.status, TITLE, found.message);
    res.status(200).set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${found.run.id.replace(/[^\w-]/g, '_')}-contacts.csv"`,
      'cache-control': 'no-store',
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
    }).send(issuesCsv(issueRows(found.run.issues)));
  });

  return router;
}
