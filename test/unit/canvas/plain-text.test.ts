import { describe, expect, it } from 'vitest';
import { plain } from '../../../canvas/screens/format.js';
import { inlineTokens } from '../../../sandbox/inbox/page/markdown-tokens.js';

/** What the simulator's inbox shows: counts of links and bold runs, and the visible text. */
const renderInlineText = (s: string) => {
  const t = inlineTokens(s);
  return { links: t.filter((x) => x.kind === 'link').length, bold: t.filter((x) => x.kind === 'bold').length, text: t.map((x) => x.text).join('').replace(/\u200b/g, '') };
};

// Names and reasons we did not write go into Canvas Kit text, which knows bold and [label](url) links.
// Whether Intercom reads backslash escapes is not documented: nothing relies on them.

describe('plain()', () => {
  it('when a contact’s name is written as a link or bold, then it is neither, and no backslash shows', () => {
    const link = plain('[click](https://evil.test)');
    const bold = plain('**boss** *x*');
    expect(link).not.toMatch(/\]\(/);
    expect(link).not.toContain('\\');
    expect(bold).not.toMatch(/\*/);
    expect(bold).toBe('∗∗boss∗∗ ∗x∗');
    // What a reader sees: the same characters, less the invisible separator.
    expect(renderInlineText(link)).toEqual({ links: 0, bold: 0, text: '[click](https://evil.test)' });
    expect(renderInlineText(plain('O’Brien [VIP] (US) *new*'))).toEqual({ links: 0, bold: 0, text: 'O’Brien [VIP] (US) ∗new∗' });
  });

  it('when a name has brackets or parentheses alone, then they show as typed', () => {
    expect(plain('Acme (US) · Required field empty: Company Name')).toBe('Acme (US) · Required field empty: Company Name');
    expect(plain('[VIP] Acme')).toBe('[VIP] Acme');
  });
});
