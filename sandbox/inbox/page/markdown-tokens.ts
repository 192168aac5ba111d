// Canvas Kit text supports Markdown links and bold only (canvas-kit.md §6). Intercom's docs
// say **bold**, its showcase uses *bold*: both are bold here (§10 pitfall 11). Backslash escapes
// are not documented [unknown]: not read (the harsher reading: a backslash shows as typed).
const TOKEN = /\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|\*([^*]+)\*/g;

export type InlineToken = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'bold'; text: string };

/** Text as the inbox reads it: plain runs, links and bold. Pure, so tests can read it without a DOM. */
export function inlineTokens(text: string): InlineToken[] {
  const out: InlineToken[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ kind: 'text', text: text.slice(last, at) });
    if (m[1] !== undefined && m[2] !== undefined) out.push({ kind: 'link', text: m[1], href: m[2] });
    else out.push({ kind: 'bold', text: m[3] ?? m[4] ?? '' });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}
