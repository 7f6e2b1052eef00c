import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { Config } from '../config.ts';
import type { Clock } from './clock.ts';

/**
 * What a service may use (DESIGN.md §5): explicit dependencies, never the Fastify instance, so a
 * service runs the same from a route, a job, a script or a test.
 */
export interface Deps {
  db: Kysely<DB>;
  clock: Clock;
  config: Readonly<Config>;
  log: FastifyBaseLogger;
}

export const depsOf = (app: FastifyInstance): Deps => ({ db: app.db, clock: app.clock, config: app.config, log: app.log });
