import { describe, expect, it } from 'vitest';
import { askAppAdmin } from '../../../canvas/screens/card.js';

describe('askAppAdmin (a teammate’s card names the app admins to ask)', () => {
  it('when names hold markdown, then they are shown as plain text (no bold, no link)', () => {
    const said = askAppAdmin('connect it', { names: ['**Eve**', '[x](https://evil.test)'], more: 0 });
    expect(said).not.toContain('**');
    expect(said).not.toContain('](');
  });

  it('when there are more than two, then two names and the count of the others', () => {
    expect(askAppAdmin('connect it', { names: ['Ada Admin', 'Maya Manager', 'Tom Teammate'], more: 1 }))
      .toBe('Ask an app admin (Ada Admin, Maya Manager and 2 more) to connect it.');
  });

  it('when a name is very long, then it is shortened so the sentence stays a few lines in a 360 px panel', () => {
    const said = askAppAdmin('connect it', { names: ['A'.repeat(200)], more: 0 });
    expect(said.length).toBeLessThan(80);
    expect(said).toContain('…');
  });
});
