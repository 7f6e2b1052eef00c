import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from '@mandate/contracts/common';
import {
  BILLING_RUN_FILES, BillingRunAlreadyLoaded, BillingRunLoaded, BillingRunRefused, BillingRunUpload, type BillingRunFile,
} from '@mandate/contracts/billing-runs';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import { memorySource } from './billing-runs.format.ts';
import { ingestBillingRun, type IngestResult } from './billing-runs.service.ts';

/** A run's files arrive in one JSON body: far above the portal's 1 MB default, for this route only. */
export const BILLING_RUN_BODY_LIMIT = 256 * 1024 * 1024;

export function refusalProblem(result: Extract<IngestResult, { status: 'refused' }>, instance: string): BillingRunRefused {
  return {
    type: 'https://mandate.example/problems/billing_run_refused',
    title: 'Billing run refused',
    status: 422,
    code: 'billing_run_refused',
    detail: `The billing run ${result.runId} was refused and nothing of it was written: ${result.errors.length === 1 ? 'one problem' : `${result.errors.length} problems`}${result.errors.length >= 100 ? ' (the first 100)' : ''}.`,
    instance,
    errors: result.errors.map((e) => ({
      field: `${e.file}:${e.line}${e.column ? `:${e.column}` : ''}`, message: e.reason, file: e.file, line: e.line, column: e.column, reason: e.reason,
    })),
  };
}

/**
 * Billing-run upload for operator staff (docs/ingestion.md): the same ingestion as `pnpm ingest`,
 * with the run's CSV files as texts in a JSON body and its PDFs base64-encoded.
 */
export default async function billingRunsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);

  app.post('/api/v1/operator/billing-runs', {
    config: { authz: { action: 'review', subject: 'OperatorQueue' } },
    bodyLimit: BILLING_RUN_BODY_LIMIT,
    schema: {
      tags: ['operator'],
      summary: 'Load a billing run (one transaction: all of it or, with a bad row, nothing; a re-run of a loaded run changes nothing)',
      body: BillingRunUpload,
      response: { 200: BillingRunAlreadyLoaded, 201: BillingRunLoaded, 400: Problem, 401: Problem, 403: Problem, 413: Problem, 422: BillingRunRefused },
    },
  }, async (request, reply) => {
    const { manifest, files, binaries } = request.body;
    const source = memorySource(
      manifest,
      Object.fromEntries(BILLING_RUN_FILES.filter((f) => files[f] !== undefined).map((f) => [f, files[f]!])) as Partial<Record<BillingRunFile, string>>,
      Object.entries(binaries ?? {}).map(([path, base64]) => ({ path, content: Buffer.from(base64, 'base64') })),
    );
    const result = await ingestBillingRun(deps, source, { actor: actorOf(request) });
    if (result.status === 'refused') {
      return reply.code(422).type('application/problem+json; charset=utf-8').send(refusalProblem(result, request.url));
    }
    if (result.status === 'already_loaded') {
      return reply.code(200).send({ runId: result.runId, status: 'already_loaded' as const, loadedAt: result.loadedAt.toISOString(), counts: result.counts });
    }
    return reply.code(201).send({ runId: result.runId, status: 'loaded' as const, counts: result.counts });
  });
}
