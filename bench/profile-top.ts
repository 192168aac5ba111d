import { readFileSync } from 'node:fs';

// `npx tsx bench/profile-top.ts <file.cpuprofile> [n]`: where a --cpu-prof profile spends its
// time, by function (self time) and by package or source directory (self time), for the report
// when a target is missed.

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const [file, nArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [n]');
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
// Percentages are of busy time: idle samples (waiting for I/O) are left out.
const idleIds = new Set(prof.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
for (const id of idleIds) self.delete(id);
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  if (!url) return '(native/vm)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1] as string;
  if (url.startsWith('node:')) return url;
  const s = /\/work\/main\/(.+)$/.exec(url);
  return s ? (s[1] as string).split('/').slice(0, 2).join('/') : url;
};
const fn = new Map<string, number>();
const pkg = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/work\/main\//, '').replace(/^.*node_modules\//, '')}:${n.callFrame.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + t);
  const w = where(n.callFrame.url);
  pkg.set(w, (pkg.get(w) ?? 0) + t);
}
const top = (m: Map<string, number>, k: number) =>
  [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, t]) => `${((t / total) * 100).toFixed(1).padStart(5)} %  ${name}`).join('\n');
// Inclusive time of our own frames (src/, canvas/): what a request spends under each of them.
const parent = new Map<number, number>();
for (const node of prof.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur)!.callFrame;
    if (!/\/work\/main\/(src|canvas)\//.test(f.url)) continue;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/work\/main\//, '')}:${f.lineNumber + 1}:${(f as { columnNumber?: number }).columnNumber ?? 0}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
  }
}
const n = Number(nArg ?? 25);
process.stdout.write(`busy ${(total / 1000).toFixed(0)} ms sampled (idle left out)\n\nby package / directory (self):\n${top(pkg, n)}\n\nby function (self):\n${top(fn, n)}\n\nour frames (inclusive):\n${top(inclusive, n)}\n`);
