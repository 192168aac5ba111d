import type { ContactSummary } from '../wire.js';
import type { Api } from './api.js';
import { byId, el, replaceChildren } from './dom.js';

/** The conversation list: one conversation per contact, a page at a time, with a search box. */
export function mountContacts(api: Api, onOpen: (contact: ContactSummary) => void): { select(id: string): void } {
  const listNode = byId<HTMLUListElement>('contact-list');
  const search = byId<HTMLInputElement>('search');
  const more = byId<HTMLButtonElement>('more-contacts');
  const total = byId('contacts-total');
  let next: string | null = null;
  let query = '';
  let selected: string | null = null;

  async function load(reset: boolean): Promise<void> {
    const page = await api.contacts(query, reset ? null : next);
    if (reset) listNode.replaceChildren();
    next = page.next;
    more.hidden = !next;
    total.textContent = `${page.total} contact${page.total === 1 ? '' : 's'}`;
    for (const contact of page.contacts) listNode.append(item(contact));
    if (reset && page.contacts.length === 0) replaceChildren(listNode, el('li', { class: 'muted' }, 'No contact matches'));
  }

  function item(contact: ContactSummary): HTMLLIElement {
    const title = contact.name ?? contact.email ?? 'Unnamed lead';
    const button = el(
      'button',
      { type: 'button', class: 'conversation-item', 'data-contact-id': contact.id, 'aria-current': contact.id === selected ? 'true' : null },
      el('span', { class: 'who' }, title),
      el('span', { class: 'sub' }, `${contact.email ?? 'no email'} · ${contact.role}`),
    );
    button.addEventListener('click', () => {
      select(contact.id);
      onOpen(contact);
    });
    return el('li', {}, button);
  }

  function select(id: string): void {
    selected = id;
    for (const b of listNode.querySelectorAll<HTMLButtonElement>('.conversation-item')) {
      if (b.dataset['contactId'] === id) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      query = search.value.trim();
      void load(true);
    }, 250);
  });
  more.addEventListener('click', () => void load(false));
  void load(true);
  return { select };
}
