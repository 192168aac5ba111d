import { describe, expect, it } from 'vitest';
import {
  CanvasError,
  checkbox,
  dataTable,
  divider,
  dropdown,
  image,
  input,
  list,
  listItem,
  option,
  sheetAction,
  singleSelect,
  spacer,
  submitButton,
  text,
  textarea,
  urlAction,
  urlButton,
} from '../../../canvas/index.js';

const opts = (n: number) => Array.from({ length: n }, (_, i) => option(`o${i}`, `Option ${i}`));

describe('builders', () => {
  it('when optional props are left out, then the JSON carries no undefined keys', () => {
    expect(text('Hi')).toEqual({ type: 'text', text: 'Hi' });
    expect(Object.keys(input('email', { label: undefined }))).toEqual(['type', 'id']);
    expect(submitButton('go', 'Go')).toEqual({ type: 'button', id: 'go', label: 'Go', action: { type: 'submit' } });
  });

  it('when options are given, then props are renamed to their snake_case wire names', () => {
    expect(text('T', { style: 'header', bottomMargin: 'none', align: 'center' })).toEqual({
      type: 'text', text: 'T', style: 'header', align: 'center', bottom_margin: 'none',
    });
    expect(input('q', { saveState: 'saved', placeholder: 'p' })).toEqual({ type: 'input', id: 'q', placeholder: 'p', save_state: 'saved' });
    expect(listItem('i', 'Title', { tertiaryText: 't', image: 'https://x.test/a.png', imageWidth: 24, imageHeight: 24, roundedImage: true }))
      .toEqual({ type: 'item', id: 'i', title: 'Title', tertiary_text: 't', image: 'https://x.test/a.png', image_width: 24, image_height: 24, rounded_image: true });
    expect(dataTable([['Link', 'https://r.test/x']])).toEqual({ type: 'data-table', items: [{ type: 'field-value', field: 'Link', value: 'https://r.test/x' }] });
    expect(spacer('m')).toEqual({ type: 'spacer', size: 'm' });
    expect(divider()).toEqual({ type: 'divider' });
    expect(textarea('n', { error: true })).toEqual({ type: 'textarea', id: 'n', error: true });
  });

  it('when a checkbox is built, then it emits `options` (not the reference page\'s `option`)', () => {
    const c = checkbox('roles', 'Roles', opts(1), { value: ['o0'] });
    expect(c).toEqual({ type: 'checkbox', id: 'roles', label: 'Roles', options: [{ type: 'option', id: 'o0', text: 'Option 0' }], value: ['o0'] });
    expect(c).not.toHaveProperty('option');
  });

  it.each([
    ['dropdown', 1, false], ['dropdown', 2, true], ['dropdown', 10, true], ['dropdown', 11, false],
    ['single-select', 0, false], ['single-select', 2, true], ['single-select', 10, true], ['single-select', 12, false],
    ['checkbox', 0, false], ['checkbox', 1, true], ['checkbox', 25, true],
  ] as const)('when a %s gets %i options, then ok=%s', (type, n, ok) => {
    const build = () =>
      type === 'dropdown' ? dropdown('pick', opts(n)) : type === 'single-select' ? singleSelect('pick', opts(n)) : checkbox('pick', 'L', opts(n));
    if (ok) expect(build().options).toHaveLength(n);
    else expect(build).toThrow(new CanvasError(`${type} "pick" needs ${type === 'checkbox' ? 'at least 1' : '2–10'} options, got ${n}`));
  });

  it.each([
    ['a url button to http on a public host', () => urlButton('b', 'B', 'http://example.com'), /button "b": url action url must use https/],
    ['a url action to javascript:', () => urlAction('javascript:alert(1)'), /must use https/],
    ['a relative url', () => urlAction('/path'), /not an absolute URL/],
    ['an image over http', () => image('http://cdn.test/a.png', 10, 10), /image: url must use https/],
    ['an image without a real height', () => image('https://cdn.test/a.png', 10, 0), /width and height/],
    ['an image with a fractional width', () => image('https://cdn.test/a.png', 10.5, 10), /width and height/],
    ['a sheet over http', () => sheetAction('http://sheet.test'), /must use https/],
    ['a list item image without size', () => listItem('li', 'T', { image: 'https://x.test/a.png' }), /list item "li": image_width and image_height are required/],
    ['a list item with an http action', () => listItem('li', 'T', { action: { type: 'url', url: 'http://x.test' } }), /list item "li": url action url must use https/],
    ['duplicate option ids', () => dropdown('d', [option('a', 'A'), option('a', 'B')]), /dropdown "d": option id "a" is repeated/],
    ['a dropdown value that is not an option', () => dropdown('d', opts(2), { value: 'zz' }), /dropdown "d": value "zz"/],
    ['checkbox values that are not options', () => checkbox('c', 'C', opts(2), { value: ['o1', 'zz'] }), /checkbox "c": value "zz"/],
    ['an empty id', () => submitButton(' ', 'x'), /button: id must not be empty/],
    ['an image action that is not a url action', () => image('https://x.test/a.png', 1, 1, { action: { type: 'submit' } as never }), CanvasError],
  ])('when building %s, then a CanvasError says why', (_name, build, message) => {
    expect(build).toThrow(message as RegExp);
    expect(build).toThrow(CanvasError);
  });

  it('when a url is http on localhost or 127.0.0.1, then builders accept it (local sandbox without TLS)', () => {
    expect(urlButton('b', 'Open', 'http://127.0.0.1:3000/x').action).toEqual({ type: 'url', url: 'http://127.0.0.1:3000/x' });
    expect(urlAction('http://localhost:8080').url).toBe('http://localhost:8080');
    expect(image('http://localhost/a.png', 10, 10).url).toBe('http://localhost/a.png');
  });

  it('when a list is built, then its items keep their order and the disabled flag sits on the list', () => {
    const l = list([listItem('a', 'A', { action: { type: 'submit' } }), listItem('b', 'B')], { disabled: true });
    expect(l).toEqual({ type: 'list', items: [{ type: 'item', id: 'a', title: 'A', action: { type: 'submit' } }, { type: 'item', id: 'b', title: 'B' }], disabled: true });
  });
});
