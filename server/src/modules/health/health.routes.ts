import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { HealthResponse } from '@mandate/contracts/me';
import { depsOf } from '../../lib/deps.ts';
import { assertReady } from './health.service.ts';

const Ok = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false });

export default async function healthRoutes(app: FastifyInstance) {
  // Engine and migration are known from start-up (migrations run before listening).
  const body: HealthResponse = { status: 'ok', engine: app.dbEngine, migration: app.migration };
  app.get('/api/v1/health', {
    config: { public: true },
    schema: { tags: ['ops'], summary: 'Database engine and migration version', response: { 200: HealthResponse } },
  }, async () => body);

  // Liveness: the process answers. No database, and answered even while load is shed, so an
  // orchestrator does not restart a process that is merely busy.
  app.get('/api/v1/health/live', {
    config: { public: true, underPressureExempt: true },
    schema: { tags: ['ops'], summary: 'Liveness: the process is up (no database check)', response: { 200: Ok } },
  }, async () => ({ status: 'ok' as const }));

  // Readiness: the database answers a trivial query; 503 problem+json otherwise (and while shutting down).
  app.get('/api/v1/health/ready', {
    config: { public: true },
    schema: { tags: ['ops'], summary: 'Readiness: the database answers', response: { 200: Ok } },
  }, async () => {
    await assertReady(depsOf(app));
    return { status: 'ok' as const };
  });
}
