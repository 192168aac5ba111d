import type { AddressInfo } from 'node:net';
import express from 'express';

// A stand-in for "some Canvas Kit app" that the simulator calls: it records the exact bytes and
// headers it receives and answers whatever the test scripts. It is not our app (that one is
// exercised by the browser tests); it lets the simulator's own behaviour be checked.

export interface ReceivedCall {
  path: string;
  raw: string;
  signature: string | undefined;
  body: Record<string, unknown>;
}

export interface CanvasAppFixture {
  url: string;
  calls: ReceivedCall[];
  answer(fn: (call: ReceivedCall) => { status?: number; body: unknown; delayMs?: number }): void;
  close(): Promise<void>;
}

export async function startCanvasAppFixture(): Promise<CanvasAppFixture> {
  const calls: ReceivedCall[] = [];
  let script: (call: ReceivedCall) => { status?: number; body: unknown; delayMs?: number } = () => ({
    body: { canvas: { content: { components: [{ type: 'text', text: 'Hello' }] } } },
  });
  const app = express();
  app.post(/^\/canvas\/(initialize|submit)$/, express.raw({ type: '*/*' }), async (req, res) => {
    const raw = (req.body as Buffer).toString('utf8');
    const call: ReceivedCall = { path: req.path, raw, signature: req.get('x-body-signature'), body: JSON.parse(raw) };
    calls.push(call);
    const reply = script(call);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    res.status(reply.status ?? 200).json(reply.body);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    answer(fn) {
      script = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
