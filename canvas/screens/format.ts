// Small pure formatters shared by the screens. Times are given, never read from a clock here.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", else the UTC date and time. */
export function formatAgo(at: number | null | undefined, now: number): string {
  if (at === null || at === undefined) return 'never';
  const d = now - at;
  if (d < MINUTE) return 'just now';
  if (d < HOUR) return `${Math.floor(d / MINUTE)} min ago`;
  if (d < DAY) return `${Math.floor(d / HOUR)} h ago`;
  return formatUtc(at);
}

export const formatUtc = (at: number): string => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

// One formatter: toLocaleString builds a new one on every call (several µs on each card).
const COUNT = new Intl.NumberFormat('en-US');
export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : COUNT.format(n));

/** A link label without the scheme, shortened to fit the inbox panel. */
export function shortUrl(url: string, max = 34): string {
  const bare = url.replace(/^https?:\/\//, '');
  return bare.length <= max ? bare : `${bare.slice(0, max - 1)}…`;
}

export function formatInterval(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? 'every day' : `every ${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'every hour' : `every ${minutes / 60} hours`;
  return `every ${minutes} min`;
}

/**
 * Markdown-safe text for labels we did not write (names, reasons): Canvas Kit text knows only bold
 * and `[label](url)` links (canvas-kit.md §6). Whether it reads backslash escapes is not documented
 * [unknown] (the simulator does not, and shows the backslash), so nothing is escaped: an asterisk
 * becomes its look-alike `∗` (U+2217), which opens no bold, and a zero-width space between `]` and
 * `(` keeps `[label](url)` from being a link. Brackets and parentheses otherwise show as typed.
 */
export const plain = (s: string): string => s.replace(/\*/g, '\u2217').replace(/\]\(/g, ']\u200b(');

