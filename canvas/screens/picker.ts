import { type Component, MAX_SELECT_OPTIONS, dropdown, input, option, submitButton, text } from '../index.js';
import { pickerIds } from './ids.js';

// Choosing one of many (segments, attributes, campaigns) with a dropdown that takes at most 10
// options: a filter (input + "Filter") and pages ("More…"). The chosen item stays in the list
// on every page, so paging never loses the choice.

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

/** Options on one page; one slot is kept for the current choice when it falls on another page. */
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

const NO_OTHER = '__no_other_match';

export function pickerComponents(v: PickerView): Component[] {
  const ids = pickerIds(v.prefix);
  const { shown, page, pages, matches } = pickPage(v.items, v.filter, v.page);
  const chosen = v.items.find((i) => i.id === v.value);
  const list = chosen && !shown.some((i) => i.id === chosen.id) ? [chosen, ...shown] : shown;
  const out: Component[] = [];
  if (v.items.length > MAX_SELECT_OPTIONS || v.filter.trim() !== '') {
    out.push(input(ids.filter, { label: `Find ${/^[aeiou]/i.test(v.noun) ? 'an' : 'a'} ${v.noun}`, placeholder: 'Part of the name', value: v.filter }));
    out.push(submitButton(ids.filterGo, 'Filter', { style: 'secondary' }));
  }
  if (list.length === 0) {
    out.push(text(`No ${v.noun} matches “${v.filter.trim()}”.`, { style: 'muted' }));
  } else {
    const options = list.map((i) => option(i.id, i.label));
    // A dropdown needs at least two options.
    if (options.length === 1) options.push(option(NO_OTHER, 'No other match', { disabled: true }));
    out.push(dropdown(ids.choice, options, {
      label: v.label,
      value: chosen ? chosen.id : undefined,
      saveState: v.error ? 'failed' : undefined,
    }));
  }
  if (v.error) out.push(text(v.error, { style: 'error' }));
  if (pages > 1) {
    out.push(text(`Page ${page + 1} of ${pages} · ${matches} ${v.noun}s`, { style: 'muted', bottomMargin: 'none' }));
    out.push(submitButton(ids.more, 'More…', { style: 'link' }));
  }
  return out;
}

/** The choice as sent back, ignoring the placeholder option. */
export const pickedValue = (raw: unknown): string | undefined =>
  typeof raw === 'string' && raw !== '' && raw !== NO_OTHER ? raw : undefined;
