import type { CanvasCallResult } from '../wire.js';
import { byId, el, replaceChildren } from './dom.js';

const FIRST_CANVAS_MAX = 400;

/** The validator's verdict as a banner over the panel (red when Intercom would refuse it). */
export function showVerdict(result: CanvasCallResult): void {
  const { verdict } = result;
  const node = byId('verdict');
  replaceChildren(
    node,
    verdict.ok
      ? null
      : el(
          'div',
          { class: 'banner banner-error', role: 'alert', 'data-testid': 'verdict-error' },
          el('strong', {}, `Intercom would not accept this ${result.flow} response`),
          el('ul', {}, ...verdict.errors.map((e) => el('li', {}, e))),
        ),
    verdict.warnings.length > 0
      ? el('div', { class: 'banner banner-warning', 'data-testid': 'verdict-warning' }, el('ul', {}, ...verdict.warnings.map((w) => el('li', {}, w))))
      : null,
  );
  const height = verdict.heightPx === null ? '' : ` · ≈ ${verdict.heightPx} px${result.flow === 'initialize' ? ` (first canvas ≤ ${FIRST_CANVAS_MAX})` : ''}`;
  // An Inbox submit may also end the app's flow or ask for a card in the reply (canvas-kit.md §4.3).
  const body = (result.response ?? {}) as { event?: { type?: string }; card_creation_options?: unknown };
  const extras = [body.event?.type ? `event: ${body.event.type}` : '', body.card_creation_options ? 'card_creation_options' : '']
    .filter(Boolean)
    .map((x) => ` · ${x}`)
    .join('');
  byId('meta').textContent = `${result.flow} · HTTP ${result.status ?? '—'} · ${result.timing.ms} ms${height}${extras}`;
}

/** Raw request (as signed and sent) and response, on demand. */
export function mountInspector(): { record(result: CanvasCallResult): void } {
  const raw = byId('raw');
  const tabs = { request: byId<HTMLButtonElement>('show-request'), response: byId<HTMLButtonElement>('show-response') };
  let last: CanvasCallResult | null = null;
  let showing: 'request' | 'response' | null = null;

  function draw(): void {
    raw.hidden = !showing || !last;
    for (const [name, tab] of Object.entries(tabs)) tab.setAttribute('aria-pressed', String(name === showing));
    if (!showing || !last) return;
    raw.textContent =
      showing === 'request'
        ? `POST ${last.request.url}\n${Object.entries(last.request.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${JSON.stringify(last.request.body, null, 2)}`
        : `HTTP ${last.status ?? '(no answer)'} in ${last.timing.ms} ms\n\n${typeof last.response === 'string' ? last.response : JSON.stringify(last.response, null, 2)}`;
  }
  for (const [name, tab] of Object.entries(tabs)) {
    tab.addEventListener('click', () => {
      showing = showing === name ? null : (name as 'request' | 'response');
      draw();
    });
  }
  return {
    record(result) {
      last = result;
      draw();
    },
  };
}
