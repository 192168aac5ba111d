import type { AppDeps } from '../src/app-deps.js';
import type { Installation } from '../src/install/installation.js';

// The demo's first sync, so that a fresh demo already shows what the README's "Things to try"
// describe: a campaign set up, a run going or done, referrers' cards. Saved and started through
// the app's own sync service, as the wizard's Start Sync does (DEMO_FIRST_SYNC=false skips it).

/** The segment the first sync reads (565 contacts): about 2.5 minutes at RF's 600 calls a minute, each enrolment echoed by RF's referrer-joined webhook (README, Try it). */
const SEGMENT = 'VIP customers';

export interface FirstSync {
  campaign: string;
  segment: string;
  runId: string;
}

export async function startFirstSync(deps: AppDeps, inst: Installation): Promise<FirstSync | undefined> {
  const ws = inst.workspaceId;
  if ((await deps.sync.listDefinitions(ws)).length > 0) return undefined;
  const [campaign] = await (await deps.referralFactoryFor(ws, 'interactive')).listCampaigns();
  const segments = await (await deps.intercomFor(ws)).listSegments();
  const segment = segments.find((g) => g.name === SEGMENT) ?? segments.find((g) => (g.count ?? 0) > 0);
  if (!campaign || !segment) return undefined;
  const admin = inst.appAdmins[0] ?? 'demo';
  const company = campaign.fields.find((f) => f.id === 'company_name');
  const saved = await deps.sync.saveDefinition({
    workspaceId: ws,
    campaignId: campaign.id,
    campaignName: campaign.name,
    audience: { kind: 'segment', segmentId: segment.id, segmentName: segment.name },
    fieldMapping: [
      { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
      { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'none' },
      ...(company ? [{ to: company.id, from: { kind: 'custom_attribute' as const, name: 'Company Name' }, transform: 'none' as const }] : []),
    ],
    returnMapping: { referral_link: 'rf_referral_link', referrals_count: 'rf_referrals_count', converted_referrals_count: 'rf_converted_referrals_count' },
    schedule: { type: 'one_time' },
    enabled: true,
    createdBy: admin,
  });
  if (!saved.ok) throw new Error(`the demo's first sync was refused: ${saved.errors.map((e) => e.message).join('; ')}`);
  await deps.installations.record(ws, 'sync_created', admin, campaign.name);
  const started = await deps.sync.startRun(saved.definition.id, { trigger: 'manual' });
  return { campaign: campaign.name, segment: segment.name, runId: started.run.id };
}
