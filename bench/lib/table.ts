import type { ScenarioResult } from './result.js';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** A plain-text table: scenario, metric, value, target, verdict. */
export function renderTable(results: ScenarioResult[]): string {
  const rows: string[][] = [['scenario', 'metric', 'value', 'target', 'ok']];
  for (const r of results) {
    for (const f of r.figures) {
      const value = typeof f.value === 'number' ? f.value.toLocaleString('en-US') : f.value;
      rows.push([r.scenario, f.metric, `${value}${f.unit ? ` ${f.unit}` : ''}`, f.target ?? '', f.pass === undefined ? '' : f.pass ? 'yes' : 'NO']);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

/** The same table in Markdown, for bench/README.md and the project README. */
export function renderMarkdown(results: ScenarioResult[]): string {
  const out = ['| scenario | metric | value | target | ok |', '|---|---|---|---|---|'];
  for (const r of results) {
    for (const f of r.figures) {
      const value = typeof f.value === 'number' ? f.value.toLocaleString('en-US') : f.value;
      out.push(`| ${r.scenario} | ${f.metric} | ${value}${f.unit ? ` ${f.unit}` : ''} | ${f.target ?? ''} | ${f.pass === undefined ? '' : f.pass ? 'yes' : 'no'} |`);
    }
  }
  return out.join('\n');
}
