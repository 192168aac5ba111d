import { type Component, MAX_SELECT_OPTIONS, dropdown, input, option, submitButton, text } from '../index.js';
import { FITS } from './fit.js';
import { plain } from './format.js';
import { pickerIds } from './ids.js';

// Choosing one of many (segments, attributes, campaigns) with a dropdown that takes at most 10
// options: a filter (input + "Filter") and pages ("Previous", "More…"). The chosen item stays in
// the list on every page, so paging never loses the choice. A single match is chosen already
// (singleMatch) and shown as text: a dropdown needs two options.

export interface PickItem {
  id: string;
  label: string;
}

export interface PickerView {
  prefix: string;
  label: string;
  items: readonly PickItem[];
  filter: string;
  page: number;
  value?: string | undefined;
  error?: string | undefined;
  /** Noun for messages, e.g. "segment". */
  noun: string;
}

/** Options on one page (nine); one slot is kept for the current choice when it falls on another page. */
export const PICK_PAGE_SIZE = MAX_SELECT_OPTIONS - 1;


export const matchesFilter = (item: PickItem, filter: string): boolean =>
  filter.trim() === '' || item.label.toLowerCase().includes(filter.trim().toLowerCase());

export interface PickPage {
  shown: PickItem[];
  /** Page actually shown (wraps to 0 past the end). */
  page: number;
  pages: number;
  matches: number;
}

export function pickPage(items: readonly PickItem[], filter: string, page: number): PickPage {
  const matching = items.filter((i) => matchesFilter(i, filter));
  const pages = Math.max(1, Math.ceil(matching.length / PICK_PAGE_SIZE));
  const p = page >= 0 && page < pages ? page : 0;
  return { shown: matching.slice(p * PICK_PAGE_SIZE, (p + 1) * PICK_PAGE_SIZE), page: p, pages, matches: matching.length };
}

/** The page `delta` pages away, kept within the pages there are (no wrapping). */
export function turnPage(items: readonly PickItem[], filter: string, page: number, delta: 1 | -1): number {
  const p = pickPage(items, filter, page);
  return Math.min(p.pages - 1, Math.max(0, p.page + delta));
}

/** The value to hold: the only item matching the filter is chosen by itself. */
export function singleMatch(items: readonly PickItem[], filter: string, value: string | undefined): string | undefined {
  const matching = items.filter((i) => matchesFilter(i, filter));
  return matching.length === 1 ? matching[0]!.id : value;
}

export function pickerComponents(v: PickerView): Component[] {
  const ids = pickerIds(v.prefix);
  const { shown, page, pages, matches } = pickPage(v.items, v.filter, v.page);
  // A single match is the choice (the handlers hold it in their state with singleMatch).
  const chosen = v.items.find((i) => i.id === singleMatch(v.items, v.filter, v.value));
  const list = chosen && !shown.some((i) => i.id === chosen.id) ? [chosen, ...shown] : shown;
  const out: Component[] = [];
  if (v.items.length > MAX_SELECT_OPTIONS || v.filter.trim() !== '') {
    out.push(input(ids.filter, { label: `Find ${/^[aeiou]/i.test(v.noun) ? 'an' : 'a'} ${v.noun}`, placeholder: 'Part of the name', value: v.filter }));
    out.push(submitButton(ids.filterGo, 'Filter', { style: 'secondary' }));
  }
  if (list.length === 0) {
    out.push(text(`No ${v.noun} matches “${v.filter.trim()}”.`, { style: 'muted' }));
  } else if (matches === 0 && chosen) {
    // Nothing matches, but an earlier choice is held: say both, or it reads as the filter's match.
    out.push(text(`No ${v.noun} matches “${v.filter.trim()}”.`, { style: 'muted' }));
    out.push(text(`${v.label} (kept): **${plain(chosen.label)}**`, { style: 'paragraph' }));
  } else if (list.length === 1 && chosen) {
    // The one match, chosen (the handlers hold it in the state): nothing else to pick from.
    out.push(text(`${v.label}: **${plain(chosen.label)}**`, { style: 'paragraph' }));
  } else {
    out.push(dropdown(ids.choice, list.map((i) => option(i.id, i.label)), {
      label: v.label,
      value: chosen ? chosen.id : undefined,
      saveState: v.error ? 'failed' : undefined,
    }));
    if (chosen && chosen.label.length > FITS.option) out.push(text(plain(chosen.label), { style: 'muted' }));
  }
  if (v.error) out.push(text(v.error, { style: 'error' }));
  if (pages > 1) {
    out.push(text(`Page ${page + 1} of ${pages} · ${matches} ${v.noun}s`, { style: 'muted', bottomMargin: 'none' }));
    if (page > 0) out.push(submitButton(ids.previous, 'Previous', { style: 'link' }));
    if (page + 1 < pages) out.push(submitButton(ids.more, 'More…', { style: 'link' }));
  }
  return out;
}

/** The choice as sent back. */
export const pickedValue = (raw: unknown): string | undefined => (typeof raw === 'string' && raw !== '' ? raw : undefined);
