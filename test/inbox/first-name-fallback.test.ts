import { afterEach, describe, expect, it } from 'vitest';
import { CardIds, WizardIds, fieldSourceId } from '../../canvas/ids.js';
import { ADMIN, type InboxHarness, components, errorsOf, eventually, find, inboxHarness, optionsOf, texts } from './harness.js';

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const W = WizardIds;

describe('First Name fallback, chosen in step 2 (issue #11, observation 4)', () => {
  it('when an admin picks a fixed text next to First Name, then an empty text is refused by the field, the overview shows it, and a user with an email and no name is enrolled with it', async () => {
    h = await inboxHarness();
    const nameless = (await h.contacts()).find((c) => c.role === 'user' && c.email && c.name === null)!;
    expect(nameless).toBeDefined();

    const s = h.session({ admin: ADMIN });
    await s.open();
    await s.click(CardIds.settings);
    await s.click(W.connectNext, { [W.campaign.choice]: '1' });
    await s.click(W.audienceNext, { [W.audienceType]: 'all' });
    // Behind step 2's one control for transforms and the fallback; the default is summed up without it.
    expect(texts(s.last)).toContain('If First Name is empty: use the email before @.');
    await s.click(W.fieldsAdvanced);
    // The default: the part of the email before @, right under First Name.
    const ids = components(s.last).map((c) => c.id);
    expect(ids.indexOf(W.firstNameFallback)).toBe(ids.indexOf(fieldSourceId('first_name')) + 2); // after its transform
    expect(find(s.last, W.firstNameFallback)).toMatchObject({ type: 'single-select', label: 'If First Name is empty', value: 'email_local' });
    expect(optionsOf(s.last, W.firstNameFallback).map((o) => o.text)).toEqual(['Use the email before @', 'Use a fixed text', 'Skip the contact']);
    expect(find(s.last, W.firstNameText)).toBeUndefined();

    await s.click(W.firstNameFallback, { [W.firstNameFallback]: 'text', [fieldSourceId('company_name')]: 'std:id' }); // (a source every contact has)
    expect(find(s.last, W.firstNameText)).toMatchObject({ type: 'input', label: 'First Name to use' });
    expect(find(s.last, fieldSourceId('company_name'))?.value).toBe('std:id');
    await s.click(W.fieldsNext, { [W.firstNameText]: '   ' });
    expect(find(s.last, W.firstNameText)?.save_state).toBe('failed');
    expect(errorsOf(s.last).join(' ')).toContain('Type the First Name to use');
    await s.click(W.fieldsNext, { [W.firstNameText]: 'Friend' });
    await s.click(W.returnsNext);
    expect(texts(s.last)).toContain('**If First Name is empty:** Use “Friend”');
    await s.click(W.start);
    expect(s.last.event).toEqual({ type: 'completed' });

    const [def] = await h.deps.sync.listDefinitions(h.workspaceId);
    expect(def!.firstNameFallback).toEqual({ kind: 'text', text: 'Friend' });
    await eventually(async () => h!.deps.sync.listRuns(def!.id), (runs) => runs.length > 0 && runs[0]!.status !== 'running' && runs[0]!.status !== 'queued');
    expect(h.sb.rf.control.getUser(nameless.email!.trim().toLowerCase(), 1)?.first_name).toBe('Friend');

    // Editing starts from the saved choice.
    await s.click(W.restart);
    await s.open();
    await s.click(CardIds.settings);
    await s.click('status.edit');
    await s.click(W.connectNext);
    await s.click(W.audienceNext);
    expect(texts(s.last)).toContain('If First Name is empty: use “Friend”.');
    await s.click(W.fieldsAdvanced);
    expect(find(s.last, W.firstNameFallback)?.value).toBe('text');
    expect(find(s.last, W.firstNameText)?.value).toBe('Friend');
    expect(texts(s.last)).toContain('Map Intercom Fields');
  });
});
