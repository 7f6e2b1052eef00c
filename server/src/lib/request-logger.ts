import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LogArgs = [unknown, ...unknown[]];
/** pino's loggers answer isLevelEnabled; Fastify's logger type does not promise it. */
type ParentLogger = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };

/**
 * A request's logger that becomes a real child logger (with the request id) only when something
 * is logged at an enabled level. Fastify asks for a child logger for every request, and a pino
 * child builds its bindings and formatters at once; at the production level (info and above) most
 * requests log nothing but the two request lines, and under `LOG_LEVEL=warn` nothing at all. That
 * child was ~5 % of a trivial route's throughput (bench: /health vs hello-world, 9 interleaved rounds).
 */
export class RequestLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(private readonly parent: ParentLogger, private readonly bindings: Record<string, unknown>) {}

  #logger(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings));
  }

  #log(level: Level, args: LogArgs): void {
    if (this.#child === undefined && this.parent.isLevelEnabled?.(level) === false) return;
    (this.#logger()[level] as (...a: LogArgs) => void)(...args);
  }

  get level(): string {
    return (this.#child ?? this.parent).level;
  }

  set level(level: string) {
    this.#logger().level = level;
  }

  fatal(...args: LogArgs): void { this.#log('fatal', args); }
  error(...args: LogArgs): void { this.#log('error', args); }
  warn(...args: LogArgs): void { this.#log('warn', args); }
  info(...args: LogArgs): void { this.#log('info', args); }
  debug(...args: LogArgs): void { this.#log('debug', args); }
  trace(...args: LogArgs): void { this.#log('trace', args); }
  silent(): void {}

  child(bindings: Record<string, unknown>, options?: Parameters<FastifyBaseLogger['child']>[1]): FastifyBaseLogger {
    return this.#logger().child(bindings, options);
  }
}

/**
 * A request's logger under `root`: a RequestLogger, or pino's own child when the route sets a log
 * level or serializers of its own (none of ours does).
 */
export function requestLogger(root: FastifyBaseLogger, bindings: Record<string, unknown>, options: { level?: string; serializers?: unknown }): FastifyBaseLogger {
  return options.level !== undefined || options.serializers !== undefined
    ? root.child(bindings, options as Parameters<FastifyBaseLogger['child']>[1])
    : new RequestLogger(root, bindings);
}

/** What Fastify's own pino logger writes for a request, a reply and an error. */
const serializers = {
  req: (request: FastifyRequest) => ({
    method: request.method,
    url: request.url,
    version: request.headers['accept-version'],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
  res: (reply: FastifyReply) => ({ statusCode: reply.statusCode }),
  err: pino.stdSerializers.err,
};

/** The application's root logger: JSON lines on stdout (or `destination`), credentials redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, serializers, redact: ['req.headers.authorization', 'req.headers.cookie'] }, destination);
}

/**
 * Makes `root` the app's logger. The app is built with Fastify's `logger: false` and gets its logger
 * here, because with a logger of its own Fastify times every response (two listeners on it) for its
 * "request completed" line, even when that line is below the log level: ~8 % of /health's
 * throughput (bench, 9 interleaved rounds at LOG_LEVEL=warn). Here the request lines cost something
 * only at a level that writes them: Fastify logs "incoming request" through the request's logger,
 * and it times the response and logs "request completed" (or "request errored") for a route with
 * an onResponse hook, so at info and below there is one. Every instance (plugins included) inherits
 * `app.log`; call this before registering plugins.
 */
export function useLogger(app: FastifyInstance, root: Logger): void {
  app.log = root as FastifyBaseLogger;
  app.setChildLoggerFactory((_nullLogger, bindings, options) => requestLogger(root as FastifyBaseLogger, bindings, options));
  if (root.isLevelEnabled('info')) {
    app.addHook('onResponse', (_request, _reply, done) => done());
  }
}
