import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { serveParent } from '../lib/serve-parent.js';

// The floor the app is compared with: Express 5 parsing the JSON body (as any canvas endpoint
// must) and answering a fixed canvas of the same size as the app's. No signature, no store, no
// logic. Arguments: a JSON file { "<path>": <canvas response> }, and optionally microseconds of
// synthetic CPU work per request (diagnostics/canvas-cpu-control.ts: "bare + the app's extra CPU").

const responses = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Record<string, unknown>;
const busyMs = Number(process.argv[3] ?? 0) / 1000;
const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));
for (const [path, body] of Object.entries(responses)) {
  app.post(path, (_req, res) => {
    if (busyMs > 0) for (const end = performance.now() + busyMs; performance.now() < end; );
    res.json(body);
  });
}

const server = app.listen(0, '127.0.0.1', () => {
  serveParent({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, {});
});
