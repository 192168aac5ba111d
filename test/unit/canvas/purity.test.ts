import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const toolkit = ['components', 'builders', 'canvas', 'limits', 'validate', 'height', 'index'];
const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../../canvas/${name}.ts`, import.meta.url)), 'utf8');

describe('canvas toolkit purity', () => {
  it.each(toolkit)('when canvas/%s.ts is read, then it imports only zod and sibling canvas modules (browser-safe)', (name) => {
    const specifiers = [...read(name).matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) expect(s === 'zod' || /^\.\/[a-z-]+\.js$/.test(s!)).toBe(true);
    expect(read(name)).not.toMatch(/\b(process|Buffer|require)\b|node:/);
  });
});
