import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboxSimulator, type InboxSimulator } from '../../sandbox/inbox/index.js';
import { startIntercomSandbox, type IntercomSandbox } from '../../sandbox/intercom/index.js';
import { allComponents } from './helpers/all-components.js';
import { startCanvasAppFixture, type CanvasAppFixture } from './helpers/canvas-app-fixture.js';
import { launchBrowser, runBrowserTests, type Browser } from './helpers/chromium.js';
import { InboxPage } from './helpers/inbox-page.js';

// The page itself: how it draws components, what it sends back, how it flags a bad answer.
// The app here is a scripted fixture, so each component and each failure can be produced.

const SECRET = 'page-test-client-secret';
const small = { canvas: { content: { components: [{ type: 'button', id: 'more', label: 'Show all', action: { type: 'submit' } }] } } };

describe.runIf(runBrowserTests)('inbox simulator page', () => {
  let intercom: IntercomSandbox;
  let app: CanvasAppFixture;
  let sim: InboxSimulator;
  let browser: Browser;
  let inbox: InboxPage;

  beforeAll(async () => {
    intercom = await startIntercomSandbox({ seed: { contacts: 8 } });
    app = await startCanvasAppFixture();
    sim = await startInboxSimulator({ appBaseUrl: app.url, clientSecret: SECRET, intercom: { url: intercom.url, accessToken: intercom.accessToken } });
    browser = await launchBrowser();
    inbox = new InboxPage(browser.page);
    await inbox.open(sim.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await app?.close();
    await intercom?.close();
  });

  it('when the app answers every component type, then each is drawn and a submit carries the typed values', async () => {
    const imageUrl = `${sim.url}setup.json`;
    app.answer((call) => (call.path === '/canvas/initialize' ? { body: small } : { body: { canvas: { content: { components: allComponents(imageUrl) }, stored_data: { step: 2 } } } }));
    await inbox.openFirstConversation();
    await inbox.click('Show all');
    await inbox.expectAccepted();
    const panel = inbox.panel;
    expect(await panel.locator('h3.ck-text-header').innerText()).toBe('Every component');
    expect(await panel.locator('strong').allInnerTexts()).toEqual(['bold', 'another']);
    expect(await panel.getByRole('link', { name: 'link' }).getAttribute('target')).toBe('_blank');
    expect(await panel.locator('.ck-text-error').count()).toBe(1);
    expect(await panel.locator('.ck-row dd').innerText()).toBe('3');
    expect(await panel.getByRole('textbox', { name: 'Code' }).isDisabled()).toBe(true); // saved
    expect(await panel.locator('.ck-failed').count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Off' }).isDisabled()).toBe(true);

    await inbox.fill('Name', 'Ada');
    await panel.getByRole('textbox', { name: 'Notes' }).fill('two\nlines');
    await inbox.select('Plan', 'Pro');
    await inbox.choose('User', { submits: false });
    await panel.getByLabel('Beta').check();
    await inbox.click('Save');
    expect(app.calls.at(-1)!.body).toMatchObject({
      component_id: 'save',
      current_canvas: { stored_data: { step: 2 } },
      input_values: { name: 'Ada', code: 'A1', bad: 'x', notes: 'two\nlines', plan: 'pro', kind: 'user', tags: ['a', 'b'] },
    });
  });

  it('when a list item is clicked, then its id is the component_id', async () => {
    await inbox.clickItem('Run 1');
    expect(app.calls.at(-1)!.body['component_id']).toBe('run-1');
  });

  it('when a url button is clicked, then the link opens in a new tab and the app gets no request', async () => {
    const before = app.calls.length;
    const [tab] = await Promise.all([browser.context.waitForEvent('page'), inbox.panel.getByRole('button', { name: /Docs/ }).click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${sim.url}setup.json`);
    await tab.close();
    expect(app.calls.length).toBe(before);
  });

  it('when the first canvas is taller than 400 px, then a red banner shows the validator’s errors', async () => {
    const tall = Array.from({ length: 12 }, (_, i) => ({ type: 'button', id: `b${i}`, label: `Button ${i}`, action: { type: 'submit' } }));
    app.answer(() => ({ body: { canvas: { content: { components: tall } } } }));
    await inbox.answerTo(() => browser.page.getByRole('button', { name: 'Reload app' }).click());
    const banner = browser.page.getByTestId('verdict-error');
    expect(await banner.innerText()).toMatch(/400/);
    expect(await inbox.panel.getAttribute('data-state')).toBe('invalid');
  });

  it('when the app answers an error, then the panel says "Something went wrong" with the reason', async () => {
    app.answer(() => ({ status: 500, body: { error: 'boom' } }));
    await inbox.answerTo(() => browser.page.getByRole('button', { name: 'Reload app' }).click());
    expect(await inbox.text()).toContain('Something went wrong');
    expect(await browser.page.getByTestId('verdict-error').innerText()).toContain('HTTP 500');
  });

  it('when the raw request is shown, then it carries the signature but never the client secret', async () => {
    await browser.page.getByRole('button', { name: 'Request', exact: true }).click();
    const raw = await browser.page.locator('#raw').innerText();
    expect(raw).toMatch(/x-body-signature: [0-9a-f]{64}/);
    expect(raw).toContain('"workspace_id"');
    expect(await browser.page.content()).not.toContain(SECRET);
  });
});
