import { describe, expect, it } from 'vitest';
import { plain } from '../../../canvas/screens/format.js';

// Names and reasons we did not write go into Canvas Kit text, which knows bold and [label](url) links.

describe('plain()', () => {
  it('when a contact’s name is written as a link or bold, then it shows as text; when it has parentheses, then they show as typed', () => {
    expect(plain('[click](https://evil.test)')).toBe('\\[click\\]\\(https://evil.test)');
    expect(plain('**boss**')).toBe('\\*\\*boss\\*\\*');
    expect(plain('Acme (US) · Required field empty: Company Name')).toBe('Acme (US) · Required field empty: Company Name');
    // No `](` is left for a renderer that ignores escapes to read as a link.
    expect(plain('x](https://evil.test)')).not.toMatch(/[^\\]\]\(/);
  });
});
