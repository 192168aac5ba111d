import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// The page is plain HTML plus TypeScript modules under page/, bundled for the browser with
// esbuild (installed with tsx) once, when the simulator starts.

export interface PageAssets {
  html: string;
  css: string;
  script: string;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export async function loadPageAssets(): Promise<PageAssets> {
  const [html, css, bundle] = await Promise.all([
    readFile(here('./page/index.html'), 'utf8'),
    readFile(here('./page/styles.css'), 'utf8'),
    build({
      entryPoints: [here('./page/app.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      sourcemap: 'inline',
      logLevel: 'silent',
    }),
  ]);
  const script = bundle.outputFiles[0]?.text;
  if (!script) throw new Error('esbuild produced no output for the inbox page');
  return { html, css, script };
}
