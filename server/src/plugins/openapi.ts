import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { Problem } from '@mandate/contracts/common';
import { TITLES } from './errors.ts';

/**
 * The operation id of a route without one of its own, from its method and path: `getCustomersUsers`,
 * `postAuthLogin`, `patchCustomersUsersByUserId`. Stable as long as the route is, which generated
 * clients need. `customerId` is left out: it is the tenant every `/customers/{customerId}/…`
 * operation acts for, not what tells operations apart.
 */
export function operationIdOf(method: string, url: string): string {
  const pascal = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  const words = url
    .replace(/^\/api(\/v\d+)?(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^:(\w+)$/.exec(segment) ?? /^\{(\w+)\}$/.exec(segment);
      if (param) return param[1] === 'customerId' ? [] : ['By', pascal(param[1]!)];
      return segment.split(/[^A-Za-z0-9]+/).filter(Boolean).map(pascal);
    });
  return method.toLowerCase() + words.join('');
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

interface Operation {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  security?: unknown[];
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
}
type OpenApiDocument = {
  info: Record<string, unknown>;
  servers?: unknown[];
  components?: { schemas?: Record<string, unknown> };
  paths?: Record<string, Record<string, Operation>>;
};

/**
 * The document as the server behaves: errors declared as the problem+json they are sent as (one
 * shared schema), the 400 of input validation and the 401 of the gate declared wherever they can
 * happen, unique operation ids.
 */
function finish(document: OpenApiDocument, serverUrl: string): OpenApiDocument {
  document.servers = [{ url: serverUrl }];
  const { $id: _id, ...problem } = Problem;
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: problem } };
  const ids = new Map<string, string>();
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const where = `${method.toUpperCase()} ${path}`;
      const clash = ids.get(operation.operationId!);
      if (clash) throw new Error(`operationId ${operation.operationId} of ${where} is also that of ${clash}: give one of them its own schema.operationId`);
      ids.set(operation.operationId!, where);
      const responses = (operation.responses ??= {});
      if ((operation.parameters?.length || operation.requestBody) && !responses['400']) responses['400'] = {};
      if (!(Array.isArray(operation.security) && operation.security.length === 0) && !responses['401']) responses['401'] = {};
      for (const status of Object.keys(responses).filter((s) => Number(s) >= 400)) {
        responses[status] = { description: TITLES[Number(status)] ?? 'Error', content: { 'application/problem+json': { schema: PROBLEM_REF } } };
      }
    }
  }
  return document;
}

/**
 * OpenAPI 3.1 of every API route, served at /api/openapi.json. Registered before the routes, so it
 * sees each of them as it is added.
 */
export default fp(async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mandate API',
        version: '1.0.0',
        description: 'Enterprise self-care portal. Errors are RFC 9457 problem+json with a stable `code`.',
        license: { name: 'Proprietary' },
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url, route }) => {
      const method = Array.isArray(route.method) ? route.method[0]! : route.method;
      const isPublic = (route.config as { public?: boolean } | undefined)?.public === true;
      return {
        url,
        schema: {
          ...schema,
          operationId: (schema as { operationId?: string } | undefined)?.operationId ?? operationIdOf(method, url),
          ...(isPublic ? { security: [] } : {}),
        },
      };
    },
    transformObject: (documents) => {
      if (!('openapiObject' in documents)) return documents.swaggerObject;
      return finish(documents.openapiObject as OpenApiDocument, app.config.publicUrl ?? '/') as typeof documents.openapiObject;
    },
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
});
