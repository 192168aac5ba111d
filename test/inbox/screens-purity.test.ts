import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Screens are pure (state → canvas): only the toolkit, the ids and each other; no clock, no I/O.
const dir = fileURLToPath(new URL('../../canvas/screens/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

describe('inbox screens purity', () => {
  it.each(files)('when canvas/screens/%s is read, then it imports only the canvas toolkit and sibling screens', (file) => {
    const source = readFileSync(`${dir}${file}`, 'utf8');
    const specifiers = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);
    for (const s of specifiers) expect(['../index.js', '../ids.js'].includes(s) || /^\.\/[a-z-]+\.js$/.test(s), s).toBe(true);
    expect(source).not.toMatch(/\b(Date\.now|process|Buffer|require|fetch)\b|node:/);
  });
});
