import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

// Drives the inbox simulator page the way a teammate would: pick a conversation, click in the
// app's panel, read what it shows. Every helper that triggers a canvas request waits until the
// answer has been drawn (the panel's data-calls counter moves).

// Pictures for the README go to docs/screenshots/ only when asked (SCREENSHOTS=docs): they hold
// random ports and timings, so writing them on every run would leave the work tree dirty.
export const SCREENSHOTS_DIR =
  process.env['SCREENSHOTS'] === 'docs'
    ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
    : join(tmpdir(), 'rf-intercom-screenshots');

export class InboxPage {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('app-panel');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.conversation-item').first().waitFor();
  }

  private async calls(): Promise<number> {
    return Number((await this.panel.getAttribute('data-calls')) ?? 0);
  }

  /** Runs `act` and waits until the canvas request it caused has been answered and drawn. */
  async answerTo(act: () => Promise<void>): Promise<void> {
    const before = await this.calls();
    await act();
    await this.page.waitForFunction(
      (n) => Number(document.querySelector<HTMLElement>('[data-testid="app-panel"]')?.dataset['calls'] ?? 0) > n,
      before,
      { timeout: 15_000 },
    );
  }

  async openConversation(search: string): Promise<void> {
    await this.page.getByLabel('Search contacts').fill(search);
    const item = this.page.locator('.conversation-item', { hasText: search }).first();
    await item.waitFor();
    await this.answerTo(() => item.click());
  }

  async openFirstConversation(): Promise<string> {
    const item = this.page.locator('.conversation-item').first();
    const name = (await item.locator('.who').innerText()).trim();
    await this.answerTo(() => item.click());
    return name;
  }

  async switchTeammate(note: RegExp): Promise<void> {
    const select = this.page.getByLabel('Teammate');
    const option = select.locator('option', { hasText: note }).first();
    const value = await option.getAttribute('value');
    await this.answerTo(() => select.selectOption(value ?? '').then(() => undefined));
  }

  /** Clicks a button (or list item) in the app's canvas by its visible label. */
  async click(name: string | RegExp): Promise<void> {
    await this.answerTo(() => this.panel.getByRole('button', { name, exact: typeof name === 'string' }).first().click());
  }

  /** The component with this id (canvas/ids.ts) in the app's canvas. */
  component(id: string): Locator {
    return this.panel.locator(`[data-id="${id}"]`);
  }

  /** Clicks the button with this component id (what Intercom sends as component_id). */
  async press(id: string): Promise<void> {
    await this.answerTo(() => this.component(id).locator('button').first().click());
  }

  async selectIn(id: string, option: string): Promise<void> {
    await this.component(id).locator('select').selectOption({ label: option });
  }

  async fillIn(id: string, value: string): Promise<void> {
    await this.component(id).locator('input, textarea').first().fill(value);
  }

  /** Picks an option of a single-select; the ones with a submit action send a submit. */
  async choose(option: string, opts: { submits?: boolean } = { submits: true }): Promise<void> {
    const radio = this.panel.getByRole('radio', { name: option, exact: true });
    if (opts.submits === false) await radio.click();
    else await this.answerTo(() => radio.click());
  }

  async select(label: string, option: string): Promise<void> {
    await this.panel.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  async fill(label: string | RegExp, value: string): Promise<void> {
    await this.panel.getByRole('textbox', { name: label, exact: typeof label === 'string' }).fill(value);
  }

  /** Presses the app's refresh button (by id) until the panel matches `pattern`: work runs in the background. */
  async refreshUntil(pattern: RegExp, refreshId: string, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(await this.text())) {
      if (Date.now() > until) throw new Error(`the app never showed ${pattern}; last canvas:\n${await this.text()}`);
      await this.page.waitForTimeout(300);
      await this.press(refreshId);
    }
  }

  async clickItem(title: string | RegExp): Promise<void> {
    await this.answerTo(() => this.panel.locator('.ck-item-action', { hasText: title }).first().click());
  }

  async text(): Promise<string> {
    return this.panel.innerText();
  }

  /** Fails the test with the validator's errors if Intercom would refuse the last answer. */
  async expectAccepted(): Promise<void> {
    const banner = this.page.getByTestId('verdict-error');
    const errors = (await banner.count()) > 0 ? await banner.innerText() : '';
    expect(errors).toBe('');
    expect(await this.panel.getAttribute('data-state')).toBe('ready');
  }

  /** The whole simulator window: conversations, conversation, the app's panel. */
  async screenshotWindow(name: string): Promise<void> {
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });
  }

  async screenshot(name: string): Promise<void> {
    await mkdir(SCREENSHOTS_DIR, { recursive: true });
    // The app's panel as a teammate sees it, without the simulator's timing line.
    await this.page.locator('.app-card').screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), style: '#meta { display: none }' });
  }
}
