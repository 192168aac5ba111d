import type { BuildOptions } from 'esbuild';

/**
 * How our TypeScript becomes a Node program: one ESM file per entry, our code bundled, dependencies
 * left in node_modules. Shared by `npm run build` and the benchmarks, so what is measured is what
 * `npm start` runs.
 */
export const NODE_BUNDLE: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};
