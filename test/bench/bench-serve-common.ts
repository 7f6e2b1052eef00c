import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * Child-process side of the benchmark: listen on a free loopback port, announce it on stdout as
 * one JSON line, and close when the parent says so (SIGTERM) or goes away (stdin ends).
 */
export async function serveForBench(app: FastifyInstance): Promise<void> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    void app.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  process.stdin.on('end', close);
  process.stdin.on('error', close);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}
