import type { CanvasCallResult, ContactSummary } from '../wire.js';
import { connect, type Api } from './api.js';
import { mountContacts } from './contacts.js';
import { byId, el, replaceChildren } from './dom.js';
import { FormState } from './form-state.js';
import { mountInspector, showVerdict } from './inspector.js';
import { componentsOf, type Action } from './model.js';
import { renderComponents, type RenderContext } from './render-components.js';
import { drawThread } from './thread.js';
import { mountEvents } from './events.js';
import { mountTools } from './tools.js';

// Plays Intercom's inbox: pick a teammate and a conversation, and the app's panel is
// initialized; clicks on its components send submits, through the simulator's server.

async function main(): Promise<void> {
  const api = await connect();
  const panel = byId('canvas');
  const form = new FormState();
  const inspector = mountInspector();
  const tools = mountTools(api);
  mountEvents(api);
  let teammateId = api.setup.teammates[0]?.id ?? '';
  let contact: ContactSummary | null = null;
  let currentCanvas: Record<string, unknown> | null = null;
  let busy = false;
  let latest = 0; // a newer request (another conversation opened) wins over a slower older one

  showWorkspace(api, (id) => {
    teammateId = id;
    if (contact) void run(() => api.initialize({ teammateId, contactId: contact!.id }));
  });

  async function run(call: () => Promise<CanvasCallResult>): Promise<void> {
    const seq = ++latest;
    busy = true;
    panel.dataset['state'] = 'loading';
    panel.setAttribute('aria-busy', 'true');
    try {
      const result = await call();
      if (seq !== latest) return;
      inspector.record(result);
      showVerdict(result);
      draw(result);
      if (result.conversation !== undefined) drawThread(result.conversation);
    } catch (err) {
      if (seq !== latest) return;
      panel.dataset['state'] = 'error';
      replaceChildren(panel, el('p', { class: 'panel-error' }, `Simulator error: ${err instanceof Error ? err.message : String(err)}`));
    } finally {
      if (seq === latest) {
        busy = false;
        panel.removeAttribute('aria-busy');
        // Lets scripts (and the browser tests) wait for "the answer to my click has been drawn".
        panel.dataset['calls'] = String(Number(panel.dataset['calls'] ?? 0) + 1);
      }
    }
  }

  function draw(result: CanvasCallResult): void {
    const components = componentsOf(result.response);
    if (!components) {
      currentCanvas = null;
      panel.dataset['state'] = 'invalid';
      replaceChildren(panel, el('p', { class: 'panel-error' }, 'Something went wrong (this is what Intercom shows).'));
      return;
    }
    currentCanvas = (result.response as { canvas: Record<string, unknown> }).canvas;
    form.reset(components);
    replaceChildren(panel, renderComponents(components, ctx));
    panel.dataset['state'] = result.verdict.ok ? 'ready' : 'invalid';
  }

  const ctx: RenderContext = {
    form,
    act(action: Action | undefined, componentId: string) {
      if (!action || busy || !contact) return;
      if (action.type === 'url' && action.url) window.open(action.url, '_blank', 'noopener');
      else if (action.type === 'submit' && currentCanvas) {
        const call = { teammateId, contactId: contact.id, componentId, currentCanvas, inputValues: form.inputValues() };
        void run(() => api.submit(call));
      } else if (action.type === 'sheet') tools.note('Sheet actions only work in the Messenger, not in the inbox.');
    },
  };

  const list = mountContacts(api, (c) => {
    contact = c;
    showContact(c);
    tools.setContact(c);
    void run(() => api.initialize({ teammateId, contactId: c.id }));
  });
  byId('reload').addEventListener('click', () => {
    if (contact && !busy) void run(() => api.initialize({ teammateId, contactId: contact!.id }));
  });
  void list;
}

function showWorkspace(api: Api, onTeammate: (id: string) => void): void {
  const { workspace, teammates, appBaseUrl } = api.setup;
  byId('workspace').textContent = `Workspace ${workspace.id} · ${workspace.region.toUpperCase()}`;
  byId('app-url').textContent = `App: ${appBaseUrl}`;
  const select = byId<HTMLSelectElement>('teammate');
  select.replaceChildren(...teammates.map((t) => el('option', { value: t.id }, `${t.name} — ${t.note}`)));
  select.addEventListener('change', () => onTeammate(select.value));
}

function showContact(c: ContactSummary): void {
  replaceChildren(
    byId('conversation-header'),
    el('h2', {}, c.name ?? c.email ?? 'Unnamed lead'),
    el('p', { class: 'muted' }, `${c.email ?? 'no email'} · ${c.role} · contact ${c.id}`),
    el('div', { id: 'thread', class: 'thread', 'aria-label': 'Messages' }, el('div', { class: 'bubble' }, 'Hi, how do I invite my friends?')),
  );
}

main().catch((err: unknown) => {
  document.body.prepend(el('div', { class: 'banner banner-error', role: 'alert' }, `The simulator failed to start: ${String(err)}`));
});
