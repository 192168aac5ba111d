import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../../canvas/limits.js';
import {
  CanvasError,
  MAX_JSON_BYTES,
  canvas,
  initializeResponse,
  input,
  list,
  listItem,
  sheetAction,
  submitButton,
  submitResponse,
  text,
} from '../../../canvas/index.js';

describe('canvas()', () => {
  it('when components are valid, then it wraps them as { content: { components } } with stored_data only if given', () => {
    expect(canvas([text('Hi')])).toEqual({ content: { components: [{ type: 'text', text: 'Hi' }] } });
    expect(canvas([text('Hi')], { v: 1 })).toEqual({ content: { components: [{ type: 'text', text: 'Hi' }] }, stored_data: { v: 1 } });
  });

  it('when two components share an id, then it throws naming the id and where it was first used', () => {
    expect(() => canvas([input('email'), submitButton('email', 'Save')])).toThrow(
      new CanvasError('id "email" is already used at components[0]'),
    );
  });

  it('when a list item reuses a component id, then it throws', () => {
    expect(() => canvas([submitButton('next', 'Next'), list([listItem('next', 'Next item')])])).toThrow(/id "next" is already used/);
  });

  it('when a sheet action is used in the inbox (the default), then it throws; in the Messenger it is fine', () => {
    const withSheet = () => [list([listItem('open', 'Open', { action: sheetAction('https://sheet.test/x') })])];
    expect(() => canvas(withSheet())).toThrow(/sheet actions work only in the Messenger/);
    expect(() => canvas(withSheet(), undefined, { location: 'inbox' })).toThrow(CanvasError);
    expect(canvas(withSheet(), undefined, { location: 'messenger' }).content.components).toHaveLength(1);
  });

  it('when content is just under / over 64 KB of UTF-8 JSON, then it passes / throws', () => {
    const overhead = JSON.stringify({ components: [{ type: 'text', text: '' }] }).length;
    const fits = 'a'.repeat(MAX_JSON_BYTES - overhead);
    expect(canvas([text(fits)]).content.components).toHaveLength(1);
    expect(() => canvas([text(fits + 'a')])).toThrow(/content is 65537 bytes/);
    // Multi-byte characters count as bytes, not as string length.
    expect(() => canvas([text('é'.repeat(MAX_JSON_BYTES / 2))])).toThrow(CanvasError);
  });

  it('when text mixes ASCII, accents, CJK and emoji, then its counted UTF-8 length is the encoded length', () => {
    for (const s of ['', 'plain', 'é', 'Zoë Müller', '紹介リンク', '🎉 referrals 🎉', 'a\u00ff\u0800\uffff\u{10ffff}z']) {
      expect(utf8Length(s), s).toBe(new TextEncoder().encode(s).length);
    }
  });

  it('when stored_data is over 64 KB, then it throws without echoing the data', () => {
    const big = { blob: 'secret-ish'.repeat(7000) };
    expect(() => canvas([text('x')], big)).toThrow(/stored_data is \d+ bytes of JSON, over Intercom's 65536/);
    try { canvas([text('x')], big); } catch (e) { expect(String(e)).not.toContain('secret-ish'); }
  });

  it('when wrapping responses, then initialize has only canvas and submit adds event/card_creation_options on request', () => {
    const c = canvas([text('Done')]);
    expect(initializeResponse(c)).toEqual({ canvas: c });
    expect(submitResponse(c)).toEqual({ canvas: c });
    expect(submitResponse(c, { completed: true })).toEqual({ canvas: c, event: { type: 'completed' } });
    expect(submitResponse(c, { cardCreationOptions: { k: 1 } })).toEqual({ canvas: c, card_creation_options: { k: 1 } });
  });
});
