import { type Component, dataTable, text } from '../index.js';
import { plain } from './format.js';

// What a 360 px inbox panel shows whole. Intercom truncates data-table cells and dropdown texts
// (the inbox shows the rest only in a tooltip; canvas-kit.md §6.1), and text wraps. Character
// counts are for the widest common case, 14 px text in the 336 px canvas: a table field gets
// 45 % of it, a value 55 %, a dropdown its width less padding and arrow. Measured in Chromium on the
// simulator (sandbox/inbox/page/styles.css), which draws these the way the inbox does.

export const FITS = { tableField: 18, tableValue: 22, option: 34 } as const;

export const rowFits = ([field, value]: readonly [string, string]): boolean =>
  field.length <= FITS.tableField && value.length <= FITS.tableValue;

/**
 * Facts as a data table when every row fits, else as wrapping text lines ("**Field:** value") in
 * their order: nothing is cut off, and the facts read alike.
 */
export function factComponents(rows: ReadonlyArray<readonly [string, string]>): Component[] {
  if (rows.length === 0) return [];
  if (rows.every(rowFits)) return [dataTable(rows)];
  return rows.map(([field, value], i) =>
    text(`**${plain(field)}:** ${plain(value)}`, i < rows.length - 1 ? { bottomMargin: 'none' } : {}));
}

/**
 * Texts of these components that the panel would cut off (for tests): data-table cells that do
 * not fit, and a dropdown's chosen option that does not fit unless the next component repeats it.
 * (The open list of a dropdown shows options whole.)
 */
export function cutOff(components: readonly Component[]): string[] {
  const cut: string[] = [];
  components.forEach((c, i) => {
    if (c.type === 'data-table') {
      for (const item of c.items) if (!rowFits([item.field, item.value])) cut.push(`${item.field} | ${item.value}`);
    } else if (c.type === 'dropdown') {
      const chosen = c.options.find((o) => o.id === c.value)?.text;
      const next = components[i + 1];
      const repeated = next?.type === 'text' && chosen !== undefined && next.text.includes(plain(chosen.replace(/^Attribute: /, '')));
      if (chosen !== undefined && chosen.length > FITS.option && !repeated) cut.push(chosen);
    }
  });
  return cut;
}
