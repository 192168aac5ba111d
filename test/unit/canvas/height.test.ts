import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BOTTOM_MARGIN,
  INBOX_FIRST_CANVAS_MAX_HEIGHT,
  checkbox,
  dataTable,
  divider,
  dropdown,
  estimateCanvasHeight,
  image,
  input,
  list,
  listItem,
  option,
  singleSelect,
  spacer,
  submitButton,
  text,
  textarea,
} from '../../../canvas/index.js';

describe('estimateCanvasHeight', () => {
  it('when the inbox limit is read, then it is 400 px', () => {
    expect(INBOX_FIRST_CANVAS_MAX_HEIGHT).toBe(400);
  });

  it.each([
    ['a one-line paragraph', text('Hello'), 20 + 10],
    ['a 41-char paragraph wraps to two lines', text('a'.repeat(41)), 40 + 10],
    ['a header line', text('Referral Factory', { style: 'header' }), 24 + 10],
    ['a link counts only its label', text('[Open](https://example.com/' + 'x'.repeat(80) + ')'), 20 + 10],
    ['text with bottom_margin none', text('Hello', { bottomMargin: 'none' }), 20],
    ['two paragraphs', text('a\nb'), 40 + 10],
    ['a button', submitButton('b', 'Go'), 40 + 10],
    ['a link-style button', submitButton('b', 'Go', { style: 'link' }), 20 + 10],
    ['an input with label', input('i', { label: 'Email' }), 60 + 10],
    ['an input without label', input('i'), 40 + 10],
    ['a textarea with label', textarea('t', { label: 'Note' }), 100 + 10],
    ['a dropdown with label', dropdown('d', [option('a', 'A'), option('b', 'B')], { label: 'Pick' }), 60 + 10],
    ['a single-select of 3', singleSelect('s', [option('a', 'A'), option('b', 'B'), option('c', 'C')]), 108 + 10],
    ['a checkbox of 2 with label', checkbox('c', 'Fields', [option('a', 'A'), option('b', 'B')]), 68 + 10],
    ['a 3-row data-table', dataTable([['a', '1'], ['b', '2'], ['c', '3']]), 72 + 10],
    ['a 2-item list', list([listItem('x', 'X'), listItem('y', 'Y', { tertiaryText: 't' })]), 56 + 74 + 10],
    ['a spacer (default s)', spacer(), 8],
    ['an xl spacer', spacer('xl'), 32],
    ['a divider', divider(), 9 + 10],
    ['a small image keeps its size', image('https://x.test/a.png', 100, 50), 50 + 10],
    ['a wide image scales to the panel width', image('https://x.test/a.png', 580, 200), 100 + 10],
    ['a full-width image stretches', image('https://x.test/a.png', 145, 50, { align: 'full_width' }), 100 + 10],
  ])('when the canvas is %s, then it is %i px', (_name, component, px) => {
    expect(estimateCanvasHeight([component])).toBe(px);
  });

  it('when a small contact card is estimated, then it fits the first inbox canvas', () => {
    const card = [
      text('Referral Factory', { style: 'header' }),
      dataTable([['Referral link', 'https://rf.test/r/abc'], ['Referrals', '4'], ['Converted', '1']]),
      submitButton('refresh', 'Refresh', { style: 'secondary' }),
    ];
    expect(estimateCanvasHeight(card)).toBe(34 + 82 + 50);
    expect(estimateCanvasHeight(card)).toBeLessThanOrEqual(INBOX_FIRST_CANVAS_MAX_HEIGHT);
  });

  it('when a long wizard page is estimated, then it exceeds 400 px', () => {
    const long = [
      text('Map your fields', { style: 'header' }),
      text('Choose which Intercom attribute fills each Referral Factory field. '.repeat(3)),
      ...['first', 'last', 'email', 'phone'].map((f) => dropdown(f, [option('a', 'A'), option('b', 'B')], { label: f })),
      submitButton('next', 'Next'),
    ];
    expect(estimateCanvasHeight(long)).toBeGreaterThan(INBOX_FIRST_CANVAS_MAX_HEIGHT);
  });

  it('when there are no components, then the height is 0', () => {
    expect(estimateCanvasHeight([])).toBe(0);
    expect(DEFAULT_BOTTOM_MARGIN).toBe(10);
  });
});
