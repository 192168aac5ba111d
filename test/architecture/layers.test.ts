import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The dependency rule of design.md: http → inbox use cases → sync engine → ports; canvas/ is pure;
// integrations and store implement ports; the stand-ins are built from the references, never from the app.
const root = resolve(import.meta.dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return filesUnder(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
  return specs.map((s) => (s.startsWith('.') ? relative(root, resolve(root, file, '..', s)) : s));
}

const rules: Array<{ layer: string; forbidden: RegExp; why: string }> = [
  { layer: 'canvas', forbidden: /^(src\/|sandbox\/|node:|express|lowdb|intercom-client)/, why: 'canvas/ is pure: state → Canvas JSON' },
  { layer: 'src/sync', forbidden: /^(express|lowdb|intercom-client|src\/(http|inbox|integrations|install)\/)/, why: 'the engine depends on ports only' },
  { layer: 'src/inbox', forbidden: /^(express|lowdb|intercom-client|src\/(http|integrations)\/)/, why: 'use cases reach vendors through ports' },
  { layer: 'src/integrations', forbidden: /^src\/(http|inbox|install)\//, why: 'adapters point inward' },
  { layer: 'sandbox/intercom', forbidden: /^(src|canvas)\//, why: 'the stand-ins are built from the references, not the app' },
  { layer: 'sandbox/referral-factory', forbidden: /^(src|canvas)\//, why: 'the stand-ins are built from the references, not the app' },
  { layer: 'sandbox/shared', forbidden: /^(src|canvas)\//, why: 'what the stand-ins share is built from the references too' },
  { layer: 'sandbox/inbox', forbidden: /^src\//, why: 'the simulator plays Intercom; it may use the pure canvas validator only' },
];

describe('layers point inward', () => {
  it.each(rules)('when a file in $layer imports, then nothing it imports breaks the rule ($why)', ({ layer, forbidden }) => {
    const files = filesUnder(layer);
    expect(files.length).toBeGreaterThan(0);
    const offending = files.flatMap((f) => importsOf(f).filter((s) => forbidden.test(s)).map((s) => `${f} → ${s}`));
    expect(offending).toEqual([]);
  });
});
