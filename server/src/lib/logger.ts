import type { DestinationStream, LoggerOptions } from 'pino';

/**
 * The options of the app's pino logger (Fastify's own): JSON lines at `level`, and credentials
 * redacted wherever a line carries request headers.
 */
export function loggerOptions(level: string, stream?: DestinationStream): LoggerOptions & { stream?: DestinationStream } {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'],
    ...(stream ? { stream } : {}),
  };
}
