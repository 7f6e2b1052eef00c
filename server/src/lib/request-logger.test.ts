import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger, RequestLogger, useLogger } from './request-logger.ts';

/** Fastify, as the app builds it, logging into `lines` (parsed). */
function fastifyInto(lines: Array<Record<string, unknown>>, level: string) {
  const app = Fastify({ logger: false });
  useLogger(app, createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) }));
  return app;
}

async function appAt(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const app = fastifyInto(lines, level);
  app.get('/work', async (request, reply) => {
    request.log.info({ step: 1 }, 'working');
    request.log.error({ step: 2 }, 'failed a bit');
    request.log.child({ part: 'inner' }).warn('inner warning');
    // Fastify times a response (listeners on it) only for a logger or an onResponse hook.
    return { level: request.log.level, lazy: request.log instanceof RequestLogger, timed: reply.elapsedTime > 0 };
  });
  await app.ready();
  return { app, lines };
}

describe('request loggers (made when something is logged)', () => {
  it('at warn: only error and warn lines, each with the request id, no request lines, and no response timing', async () => {
    const { app, lines } = await appAt('warn');
    const res = await app.inject({ url: '/work' });
    expect(res.json()).toEqual({ level: 'warn', lazy: true, timed: false });
    expect(lines.map((l) => [l.msg, l.reqId, l.step ?? l.part])).toEqual([
      ['failed a bit', 'req-1', 2],
      ['inner warning', 'req-1', 'inner'],
    ]);
    await app.close();
  });

  it('at info: Fastify\'s request lines and the route\'s own, all with the request id', async () => {
    const { app, lines } = await appAt('info');
    await app.inject({ url: '/work' });
    await app.inject({ url: '/work' });
    const second = lines.filter((l) => l.reqId === 'req-2').map((l) => l.msg);
    expect(second).toEqual(['incoming request', 'working', 'failed a bit', 'inner warning', 'request completed']);
    expect(lines.every((l) => l.reqId === 'req-1' || l.reqId === 'req-2')).toBe(true);
    // Written as Fastify's own logger writes them.
    const incoming = lines.find((l) => l.reqId === 'req-2' && l.msg === 'incoming request')!;
    expect(incoming.req).toMatchObject({ method: 'GET', url: '/work', remoteAddress: '127.0.0.1' });
    const completed = lines.find((l) => l.reqId === 'req-2' && l.msg === 'request completed')!;
    expect(completed.res).toEqual({ statusCode: 200 });
    expect(completed.responseTime).toBeGreaterThan(0);
    await app.close();
  });

  it('the app\'s logger is the root: plugins inherit it, and its lines carry no request id', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const app = fastifyInto(lines, 'info');
    await app.register(async (plugin) => { plugin.log.info({ part: 'plugin' }, 'registered'); });
    await app.ready();
    app.log.warn('root warning');
    expect(lines.map((l) => [l.msg, l.reqId, l.part])).toEqual([['registered', undefined, 'plugin'], ['root warning', undefined, undefined]]);
    await app.close();
  });

  it('a route with a log level of its own gets pino\'s child with that level', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const own = fastifyInto(lines, 'warn');
    own.get('/chatty', { logLevel: 'debug' }, async (request) => {
      request.log.debug('detail');
      return { lazy: request.log instanceof RequestLogger };
    });
    expect((await own.inject({ url: '/chatty' })).json()).toEqual({ lazy: false });
    expect(lines.filter((l) => l.msg === 'detail').map((l) => l.reqId)).toEqual(['req-1']);
    await own.close();
  });
});
