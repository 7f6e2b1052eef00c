import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HealthResponse } from '@mandate/contracts/me';

export default async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Engine and migration are known from start-up (migrations run before listening): no query per probe.
  const body = { status: 'ok' as const, engine: app.dbEngine, migration: app.migration };
  app.get('/api/v1/health', {
    config: { public: true },
    schema: { tags: ['ops'], summary: 'Liveness, database engine and migration version', response: { 200: HealthResponse } },
  }, async () => body);
}
