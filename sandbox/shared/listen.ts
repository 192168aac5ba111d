import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Listening {
  /** e.g. http://127.0.0.1:PORT, without a trailing slash. */
  url: string;
  /** Drops open keep-alive connections too, so a close never waits on an idle client. */
  close(): Promise<void>;
}

/** Serves `app` on host:port (port 0: any free one) until closed. */
export async function listen(app: Express, host: string, port: number): Promise<Listening> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
