import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Small shared helpers of the fake servers: real HTTP on 127.0.0.1, a port from the caller. */
export type Handler = (request: IncomingMessage, url: URL, body: string) => Promise<Reply> | Reply;
export type Reply = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number; destroy?: boolean };

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

export type RunningServer = { url: string; close: () => Promise<void> };

export async function startServer(handler: Handler, port = 0): Promise<RunningServer> {
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      void Promise.resolve(handler(request, url, Buffer.concat(chunks).toString('utf8')))
        .then(async (reply) => {
          if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
          if (reply.destroy) {
            request.socket.destroy();
            return;
          }
          if (response.destroyed) return;
          response.writeHead(reply.status, reply.headers);
          response.end(reply.body ?? '');
        })
        .catch((error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
