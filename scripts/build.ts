import { build } from 'esbuild';
import { NODE_BUNDLE } from './node-bundle.js';

// `npm run build [-- <outdir>]`: the app and its CLI as plain JavaScript in dist/ (or <outdir>, which
// must sit inside the repository so node_modules resolve), for `npm start` and
// deployments. Dependencies stay in node_modules (--packages=external); only our code is bundled.
// Running compiled code instead of tsx saves about 60 MB of RSS (no loader thread, no compile
// cache) and the start-up compile.

await build({ ...NODE_BUNDLE, entryPoints: { main: 'src/main.ts', worker: 'src/worker.ts', 'cli/sync': 'src/cli/sync.ts' }, outdir: process.argv[2] ?? 'dist' });
