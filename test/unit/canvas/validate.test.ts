import { describe, expect, it } from 'vitest';
import {
  canvas,
  checkbox,
  dataTable,
  divider,
  dropdown,
  image,
  initializeResponse,
  input,
  list,
  listItem,
  option,
  singleSelect,
  spacer,
  submitButton,
  submitResponse,
  text,
  textarea,
  urlButton,
  validateCanvasResponse,
} from '../../../canvas/index.js';

const everyComponent = () => [
  text('Referral Factory', { style: 'header' }),
  image('https://cdn.test/logo.png', 120, 40, { align: 'center', action: { type: 'url', url: 'https://rf.test' } }),
  divider({ bottomMargin: 'none' }),
  spacer('xs'),
  dataTable([['Referrals', '3']]),
  input('email', { label: 'Email', action: { type: 'submit' } }),
  textarea('note', { placeholder: 'Note' }),
  dropdown('campaign', [option('1', 'Spring'), option('2', 'Summer')], { value: '1' }),
  singleSelect('who', [option('leads', 'Leads'), option('users', 'Users')], { action: { type: 'submit' } }),
  checkbox('fields', 'Fields', [option('name', 'Name')], { value: ['name'] }),
  list([listItem('run-1', 'Run 1', { image: 'https://cdn.test/i.png', imageWidth: 24, imageHeight: 24, action: { type: 'submit' } })]),
  submitButton('save', 'Save'),
  urlButton('docs', 'Docs', 'https://rf.test/docs', { style: 'link' }),
];

/** A valid submit response as plain JSON, for mutation. */
const base = (): any => JSON.parse(JSON.stringify(submitResponse(canvas(everyComponent(), { v: 1 }), { completed: true })));
const at = (body: any, i: number) => body.canvas.content.components[i];

describe('validateCanvasResponse', () => {
  it('when the response is built with the builders, then it is valid with no warnings, for both flows', () => {
    expect(validateCanvasResponse(base(), { flow: 'submit' })).toEqual({ ok: true, errors: [], warnings: [] });
    const init = initializeResponse(canvas([text('Hi'), submitButton('go', 'Go')]));
    expect(validateCanvasResponse(init, { flow: 'initialize', firstCanvas: true })).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it.each<[string, (b: any) => unknown, string]>([
    ['the body is not an object', () => [], 'response: must be a JSON object'],
    ['canvas is missing', (b) => { delete b.canvas; }, 'canvas: required object is missing'],
    ['an unknown top-level key', (b) => { b.results = {}; }, 'results: not allowed in a submit response'],
    ['event is not completed', (b) => { b.event = { type: 'done' }; }, 'event: must be { "type": "completed" }'],
    ['content and content_url together', (b) => { b.canvas.content_url = 'https://x.test'; }, 'canvas: has both content and content_url'],
    ['content_url in the inbox', (b) => { delete b.canvas.content; b.canvas.content_url = 'https://x.test'; }, 'canvas.content_url: live canvases (content_url) work only in the Messenger'],
    ['neither content nor content_url', (b) => { delete b.canvas.content; }, 'canvas.content: required object is missing'],
    ['stored_data is an array', (b) => { b.canvas.stored_data = [1]; }, 'canvas.stored_data: must be a JSON object'],
    ['stored_data over 64 KB', (b) => { b.canvas.stored_data = { x: 'a'.repeat(65_536) }; }, 'canvas.stored_data: 65544 bytes of JSON'],
    ['content over 64 KB', (b) => { at(b, 0).text = 'a'.repeat(65_536); }, 'canvas.content: '],
    ['an unknown component type', (b) => { at(b, 0).type = 'heading'; }, 'canvas.content.components[0].type: unknown component type "heading"'],
    ['an unknown property', (b) => { at(b, 0).colour = 'red'; }, 'canvas.content.components[0]: text: unknown property "colour"'],
    ['a misspelt enum', (b) => { at(b, 0).style = 'title'; }, 'canvas.content.components[0].style: text: Invalid option'],
    ['a text without text', (b) => { delete at(b, 0).text; }, 'canvas.content.components[0].text: text: required string is missing'],
    ['an image without height', (b) => { delete at(b, 1).height; }, 'canvas.content.components[1].height: image: required number is missing'],
    ['an image over http', (b) => { at(b, 1).url = 'http://cdn.test/logo.png'; }, 'canvas.content.components[1].url: image: url must use https'],
    ['an image with a submit action', (b) => { at(b, 1).action = { type: 'submit' }; }, 'canvas.content.components[1].action: image: an image takes only a url action'],
    ['a button without action', (b) => { delete at(b, 11).action; }, 'canvas.content.components[11].action: button "save": required'],
    ['an action of unknown type', (b) => { at(b, 11).action = { type: 'post' }; }, 'canvas.content.components[11].action.type: button "save": unknown or missing type'],
    ['a url action to a public http host', (b) => { at(b, 12).action.url = 'http://rf.test'; }, 'canvas.content.components[12].action.url: button "docs": url action url must use https'],
    ['a sheet action in the inbox', (b) => { at(b, 11).action = { type: 'sheet', url: 'https://s.test' }; }, 'canvas.content.components[11].action: button "save": sheet actions work only in the Messenger'],
    ['a dropdown with 12 options', (b) => { at(b, 7).options = Array.from({ length: 12 }, (_, i) => ({ type: 'option', id: `${i}`, text: 't' })); }, 'canvas.content.components[7].options: dropdown "campaign" needs 2–10 options, got 12'],
    ['a single-select with 1 option', (b) => { at(b, 8).options.pop(); }, 'canvas.content.components[8].options: single-select "who" needs 2–10 options, got 1'],
    ['a dropdown without options', (b) => { delete at(b, 7).options; }, 'canvas.content.components[7].options: dropdown "campaign": required array is missing'],
    ['a checkbox with no options', (b) => { at(b, 9).options = []; at(b, 9).value = []; }, 'canvas.content.components[9].options: checkbox "fields" needs at least 1 options, got 0'],
    ['a checkbox with both option and options', (b) => { at(b, 9).option = at(b, 9).options; }, 'canvas.content.components[9]: checkbox "fields": unknown property "option"'],
    ['a repeated id', (b) => { at(b, 12).id = 'email'; }, 'canvas.content.components[12].id: id "email" is already used at components[5]'],
    ['a list item id repeating a component id', (b) => { at(b, 10).items[0].id = 'save'; }, 'canvas.content.components[11].id: id "save" is already used at components[10].items[0]'],
    ['a list item image without size', (b) => { delete at(b, 10).items[0].image_width; }, 'canvas.content.components[10].items[0]: list item "run-1": image_width and image_height are required'],
    ['a checkbox without label (OAS 2.11 requires it)', (b) => { delete at(b, 9).label; }, 'canvas.content.components[9].label: checkbox "fields": required string is missing'],
    ['a textarea with save_state', (b) => { at(b, 6).save_state = 'saved'; }, 'canvas.content.components[6]: textarea "note": unknown property "save_state"'],
    ['card_creation_options that is not an object', (b) => { b.card_creation_options = 'x'; }, 'card_creation_options: must be an object'],
  ])('when %s, then it is an error pointing at the path', (_name, mutate, expected) => {
    const body = base();
    const replaced = mutate(body);
    const verdict = validateCanvasResponse(replaced ?? body, { flow: 'submit' });
    expect(verdict.ok).toBe(false);
    expect(verdict.errors.join('\n')).toContain(expected);
  });

  it('when an initialize response carries event, then event is refused as a top-level key', () => {
    const body = { ...initializeResponse(canvas([text('x')])), event: { type: 'completed' } };
    expect(validateCanvasResponse(body, { flow: 'initialize' }).errors).toEqual(['event: not allowed in a initialize response']);
  });

  it('when the location is the Messenger, then sheets and content_url are fine and card_creation_options only warns', () => {
    const body = base();
    at(body, 11).action = { type: 'sheet', url: 'https://s.test' };
    body.card_creation_options = { a: 1 };
    const verdict = validateCanvasResponse(body, { flow: 'submit', location: 'messenger' });
    expect(verdict).toEqual({ ok: true, errors: [], warnings: ['card_creation_options: only meaningful in an inbox submit response'] });
    const live = { canvas: { content_url: 'https://live.test/c', stored_data: {} } };
    expect(validateCanvasResponse(live, { flow: 'initialize', location: 'messenger' }).ok).toBe(true);
  });

  it.each<[string, (b: any) => void, string]>([
    ['checkbox spelt `option` (reference page)', (b) => { at(b, 9).option = at(b, 9).options; delete at(b, 9).options; }, 'canvas.content.components[9].option: checkbox "fields": "option" is the reference page\'s spelling'],
    ['a url on http://127.0.0.1 (local sandbox)', (b) => { at(b, 12).action.url = 'http://127.0.0.1:3000/x'; }, 'canvas.content.components[12].action.url: button "docs": url action url uses http on a local host'],
    ['a dropdown value that is no option', (b) => { at(b, 7).value = '9'; }, 'canvas.content.components[7].value: dropdown "campaign": value "9" is not one of its option ids'],
  ])('when %s, then it is valid with a warning', (_name, mutate, expected) => {
    const body = base();
    mutate(body);
    const verdict = validateCanvasResponse(body, { flow: 'submit' });
    expect(verdict.errors).toEqual([]);
    expect(verdict.warnings).toHaveLength(1);
    expect(verdict.warnings[0]).toContain(expected);
  });

  it('when several things are wrong, then each is reported, not just the first', () => {
    const body = base();
    at(body, 0).type = 'heading';
    at(body, 7).options = [];
    body.event = {};
    expect(validateCanvasResponse(body, { flow: 'submit' }).errors).toHaveLength(3);
  });

  it('when the first inbox canvas is estimated taller than 400 px, then it is an error; later canvases pass', () => {
    const tall = initializeResponse(canvas(Array.from({ length: 12 }, (_, i) => submitButton(`b${i}`, `Button ${i}`))));
    const first = validateCanvasResponse(tall, { flow: 'initialize', firstCanvas: true });
    expect(first.errors).toEqual(['canvas.content.components: estimated height 600 px exceeds the inbox first-canvas limit of 400 px']);
    expect(validateCanvasResponse(tall, { flow: 'initialize' }).ok).toBe(true);
    expect(validateCanvasResponse(tall, { flow: 'initialize', firstCanvas: true, location: 'messenger' }).ok).toBe(true);
  });
});
