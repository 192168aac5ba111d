import type { ConversationView } from '../wire.js';
import { byId, el, replaceChildren } from './dom.js';

// The conversation in the middle column: the customer's opening message and every reply, as the
// Intercom stand-in holds them (what the app sent with "Send link to customer" shows up here).

/** A reply's HTML as Intercom would show it: text and web links only (nothing else is trusted). */
function safeBody(html: string): Node[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const out: Node[] = [];
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) out.push(document.createTextNode(child.textContent ?? ''));
      else if (child instanceof HTMLAnchorElement && /^https?:\/\//i.test(child.getAttribute('href') ?? '')) {
        out.push(el('a', { href: child.getAttribute('href'), target: '_blank', rel: 'noopener noreferrer' }, child.textContent ?? ''));
      } else {
        if (child instanceof HTMLBRElement) out.push(el('br'));
        walk(child);
      }
    }
  };
  walk(doc.body);
  return out;
}

export function drawThread(c: ConversationView | null | undefined): void {
  const thread = byId('thread');
  if (!c) return replaceChildren(thread);
  thread.dataset['conversation'] = c.id;
  replaceChildren(
    thread,
    el('div', { class: 'bubble' }, ...safeBody(c.opening)),
    ...c.parts.map((p) => {
      const bubble = el('div', { class: `bubble ${p.authorType === 'admin' ? 'bubble-admin' : ''}`, 'data-part': p.partType }, el('span', { class: 'bubble-author' }, p.author));
      bubble.append(...safeBody(p.html));
      return bubble;
    }),
  );
}
