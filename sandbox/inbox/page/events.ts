import type { EventRow } from '../wire.js';
import type { Api } from './api.js';
import { byId, el, replaceChildren } from './dom.js';

/**
 * Sandbox-only panel: the webhook notifications Intercom (the stand-in) sent the app, newest
 * first, with what the app did with each. Polled every 2 s while the page is visible.
 */
export function mountEvents(api: Api): void {
  const box = byId('events');
  const list = byId('event-list');
  if (!api.setup.endpoints.events) {
    box.hidden = true;
    return;
  }
  const time = (ms: number) => new Date(ms).toLocaleTimeString();
  const row = (e: EventRow) =>
    el('li', { class: `event event-${e.status}` },
      el('span', { class: 'event-time muted' }, time(e.at)), ' ',
      el('code', { class: 'event-topic' }, e.topic), ' ',
      el('span', { class: 'event-outcome' }, e.status === 'processed' || e.status === 'failed' ? e.outcome : `${e.status}…`));
  async function refresh(): Promise<void> {
    if (document.hidden) return;
    try {
      const events = await api.events();
      if (events.length > 0) replaceChildren(list, ...events.map(row));
      else replaceChildren(list, el('li', { class: 'muted' }, 'None yet: create or change a contact in the Intercom stand-in.'));
    } catch {
      // The next poll tries again.
    }
  }
  void refresh();
  setInterval(() => void refresh(), 2000);
}
