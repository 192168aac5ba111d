import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, WizardIds, fieldSourceId } from '../../canvas/ids.js';
import { ADMIN, type InboxHarness, campaignFields, eventually, inboxHarness, optionsOf, putCampaignSync } from './harness.js';

// "Company name" as a source of step 2: the name of the contact's first company, which Intercom
// lists on the contact by reference only, so a run reads each company once however many of its
// contacts it syncs.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Listed = { id: string; email: string | null; companies: { data: { id: string }[] } };

describe('company as a source', () => {
  it('when an app admin maps fields, then step 2 offers "Company name"', async () => {
    h = await inboxHarness();
    const s = h.session({ admin: ADMIN, contact: (await h.contacts())[0]! });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(WizardIds.connectNext, { [WizardIds.campaign.choice]: '1' });
    await s.click(WizardIds.audienceNext, { [WizardIds.audienceType]: 'all' });
    expect(optionsOf(s.last, fieldSourceId('company_name'))).toContainEqual(expect.objectContaining({ id: 'company:name', text: 'Company name' }));
    await s.click(WizardIds.fieldsNext, { [fieldSourceId('company_name')]: 'company:name' });
    expect(s.last.canvas.content.components.some((c: { id?: string }) => c.id === WizardIds.returnsNext)).toBe(true);
  });

  it('when a run maps Company Name from the contact’s company, then each referrer gets its first company’s name, and each company is read once', async () => {
    h = await inboxHarness({ intercom: { seed: { contacts: 40 } } });
    const def = await putCampaignSync(h, { audience: { kind: 'all' }, fieldMapping: campaignFields({ kind: 'company', field: 'name' }) });
    const listed = (await h.contacts()) as unknown as Listed[];
    const withCompany = listed.filter((c) => c.email && c.companies.data.length > 0);
    const companyIds = new Set(listed.flatMap((c) => c.companies.data.slice(0, 1).map((x) => x.id)));
    expect(withCompany.length).toBeGreaterThan(companyIds.size); // some contacts share a company
    h.sb.intercom.control.resetStats();

    const started = await h.deps.sync.startRun(def.id, { trigger: 'manual' });
    if (!started.started) throw new Error('the run did not start');
    const run = await eventually(() => h!.deps.sync.getRun(started.run.id), (r) => r?.status !== 'queued' && r?.status !== 'running', 30_000);
    expect(run?.status).toMatch(/succeeded|finished_with_errors/);
    expect(h.sb.intercom.control.stats().byRoute['GET /companies/{id}']).toBe(companyIds.size);

    for (const c of withCompany.slice(0, 5)) {
      const company = await h.intercomGet(`/companies/${c.companies.data[0]!.id}`);
      const user = h.sb.rf.control.getUser(c.email!.trim().toLowerCase(), 1);
      expect(user?.meta).toContainEqual({ field: 'Company Name', value: company.name });
    }
    // A contact without a company is skipped for its empty required field, not given another's name.
    const without = listed.find((c) => c.email && c.companies.data.length === 0 && !listed.some((o) => o.id !== c.id && o.email === c.email));
    if (without) expect(h.sb.rf.control.getUser(without.email!.trim().toLowerCase(), 1)).toBeNull();
  }, 60_000);
});
