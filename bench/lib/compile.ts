import { build } from 'esbuild';
import path from 'node:path';
import { NODE_BUNDLE } from '../../scripts/node-bundle.js';
import { BENCH_DIR } from './temp.js';

// What is measured runs as it is deployed: compiled to JavaScript (as `npm run build` does for
// `npm start`), under plain node, not through tsx's loader (which costs ~60 MB of RSS and some CPU).
// The bundle sits in bench/.build so that node_modules resolve and paths relative to bench/ hold.

const built = new Map<string, Promise<string>>();

export function compiled(modulePath: string): Promise<string> {
  let out = built.get(modulePath);
  if (!out) {
    const outfile = path.join(BENCH_DIR, '.build', `${path.basename(modulePath, '.ts')}.mjs`);
    out = build({ ...NODE_BUNDLE, entryPoints: [modulePath], outfile }).then(() => outfile);
    built.set(modulePath, out);
  }
  return out;
}
