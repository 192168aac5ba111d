import { el } from './dom.js';

// Canvas Kit text supports Markdown links and bold only (canvas-kit.md §6). Intercom's docs
// say **bold**, its showcase uses *bold*: both render bold here (§10 pitfall 11).
const TOKEN = /\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|\*([^*]+)\*/g;

export function renderInline(text: string): Node[] {
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out.push(...lines(text.slice(last, at)));
    if (m[1] !== undefined && m[2] !== undefined) out.push(link(m[1], m[2]));
    else out.push(el('strong', {}, m[3] ?? m[4] ?? ''));
    last = at + m[0].length;
  }
  if (last < text.length) out.push(...lines(text.slice(last)));
  return out;
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
