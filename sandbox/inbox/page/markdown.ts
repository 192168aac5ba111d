import { el } from './dom.js';
import { inlineTokens } from './markdown-tokens.js';

export function renderInline(text: string): Node[] {
  return inlineTokens(text).flatMap((t) => (t.kind === 'text' ? lines(t.text) : t.kind === 'link' ? [link(t.text, t.href)] : [el('strong', {}, t.text)]));
}

function link(label: string, href: string): Node {
  if (!/^https?:\/\//i.test(href)) return document.createTextNode(label);
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label);
}

function lines(text: string): Node[] {
  const parts = text.split('\n');
  return parts.flatMap((part, i) =>
    i === 0 ? [document.createTextNode(part)] : [el('br'), document.createTextNode(part)],
  );
}
