// The child side of lib/child.ts: announce readiness, answer calls, exit when asked.

export type Handlers = Record<string, (params: any) => unknown>;

type Incoming = { type: 'call'; id: number; method: string; params: unknown } | { type: 'exit' };

export function serveParent(ready: unknown, handlers: Handlers, onExit?: () => Promise<void> | void): void {
  if (!process.send) throw new Error('Run me with child_process.fork (bench/lib/child.ts)');
  process.on('message', (m: Incoming) => {
    if (m.type === 'exit') {
      void Promise.resolve(onExit?.()).finally(() => process.exit(0));
      return;
    }
    const handler = handlers[m.method];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no method ${m.method}`);
        return handler(m.params);
      })
      .then(
        (value) => process.send?.({ type: 'result', id: m.id, ok: true, value }),
        (err: unknown) => process.send?.({ type: 'result', id: m.id, ok: false, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) }),
      );
  });
  // The parent died: nothing left to serve.
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', value: ready });
}
