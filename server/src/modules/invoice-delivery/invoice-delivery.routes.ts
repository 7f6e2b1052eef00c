import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  BounceBody, BounceParams, CancelPreview, DeliveryHistoryQuery, DeliveryHistoryResponse, DeliveryParams, DeliveryRequestParams, DeliverySetting,
  DeliverySettingListQuery, DeliverySettingListResponse, GreenBillBody, IfMatchHeaders, InvoiceDeliveryListResponse, SandboxAnswerBody, SandboxInvitation, SandboxInvitationParams,
  SmsListQuery, SmsListResponse, Verification, VerificationParams, ZoomitBanksResponse, ZoomitBody, ZoomitWebhookBody, ZoomitWebhookHeaders,
  ZoomitWebhookResponse,
} from '@mandate/contracts/invoice-delivery';
import { InvoiceParams } from '@mandate/contracts/invoices';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import type { Limiter } from '../auth/throttle.ts';
import { countedThrottle, throttle } from '../auth/throttle.ts';
import {
  activatePeppol, bounceMail, cancelDelivery, cancelPreview, cancelRequest, confirmVerification, etagOf, getAccountDeliveries, getInvoiceDeliveries,
  getSetting, getSettingPage, getVerification, handleZoomitWebhook, readSms, requestGreenBill, requestZoomit, resendVerification, sandboxAnswer,
  sandboxInvitation, zoomitBanks,
} from './invoice-delivery.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
/** How often in an hour a waiting GreenBill address may be sent its verification mail again. */
export const RESENDS_PER_HOUR = 3;
const changeProblems = { ...problems, 409: Problem, 412: Problem, 428: Problem };
const read = { authz: { action: 'read', subject: 'InvoiceDelivery', customerParam: 'customerId' } } as const;
const update = { authz: { action: 'update', subject: 'InvoiceDelivery', customerParam: 'customerId' } } as const;

/**
 * Invoice delivery (EBL-1..7, Peppol): My invoice online › Settings. Reads and changes are the
 * InvoiceDelivery subject of the invoice-delivery app; every change carries the setting's ETag
 * in If-Match. The verification link and the bank's webhook are public: the token and the
 * signature are their credentials.
 */
export default async function invoiceDeliveryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);
  const base = '/api/v1/customers/:customerId/invoice-delivery';

  app.get(base, {
    config: read,
    schema: {
      tags: ['invoice-delivery'], summary: 'How each billing account you may see receives its invoices (paper, GreenBill, Zoomit, Peppol), by account number',
      params: CustomerParams, querystring: DeliverySettingListQuery, response: { 200: DeliverySettingListResponse, ...problems },
    },
  }, async (request) => getSettingPage(deps, actorOf(request), request.params.customerId, request.query));

  app.get(`${base}/zoomit-banks`, {
    config: read,
    schema: { tags: ['invoice-delivery'], summary: 'The banks that offer Zoomit (by BIC)', params: CustomerParams, response: { 200: ZoomitBanksResponse, ...problems } },
  }, async () => zoomitBanks());

  app.get(`${base}/:billingAccountId`, {
    config: read,
    schema: {
      tags: ['invoice-delivery'], summary: "One account's delivery setting; its ETag goes back in If-Match with a change",
      params: DeliveryParams, response: { 200: DeliverySetting, ...problems },
    },
  }, async (request, reply) => {
    const setting = await getSetting(deps, actorOf(request), request.params.customerId, request.params.billingAccountId);
    return reply.header('etag', etagOf(setting)).send(setting);
  });

  app.post(`${base}/:billingAccountId/greenbill`, {
    config: update,
    schema: {
      tags: ['invoice-delivery'], summary: 'Activate or change GreenBill: a verification mail goes to the address; active once its link is followed (EBL-1, EBL-4)',
      description: 'For a fixed-services account the address covers every fixed billing account of the customer (EBL-2). notify: email, sms or both (EBL-3); '
        + 'sms and both need a mobile number. 202: the address waits for its confirmation; 200: the same address was active, only notify/mobile changed. '
        + 'If-Match is required (428 without, 412 when stale).',
      params: DeliveryParams, headers: IfMatchHeaders, body: GreenBillBody, response: { 200: DeliverySetting, 202: DeliverySetting, ...changeProblems },
    },
  }, async (request, reply) => {
    const { setting, accepted } = await requestGreenBill(deps, actorOf(request), request.params.customerId, request.params.billingAccountId, request.body, request.headers['if-match']);
    return reply.code(accepted ? 202 : 200).header('etag', etagOf(setting)).send(setting);
  });

  app.post(`${base}/:billingAccountId/zoomit`, {
    config: update,
    schema: {
      tags: ['invoice-delivery'], summary: 'Invite to Zoomit with the IBAN of a supported bank: invited from the next billing cycle, active once the customer accepts in his bank (EBL-6)',
      description: 'The IBAN must be an account at the chosen bank (its Belgian bank code): 422 iban_not_of_bank otherwise.',
      params: DeliveryParams, headers: IfMatchHeaders, body: ZoomitBody, response: { 202: DeliverySetting, ...changeProblems, 422: Problem },
    },
  }, async (request, reply) => {
    const setting = await requestZoomit(deps, actorOf(request), request.params.customerId, request.params.billingAccountId, request.body, request.headers['if-match']);
    return reply.code(202).header('etag', etagOf(setting)).send(setting);
  });

  app.post(`${base}/:billingAccountId/peppol`, {
    config: update,
    schema: {
      tags: ['invoice-delivery'], summary: "Deliver the account's invoices as Peppol BIS Billing 3.0 to the customer's participant id (0208: its enterprise number), from the next invoice",
      params: DeliveryParams, headers: IfMatchHeaders, response: { 200: DeliverySetting, ...changeProblems, 422: Problem },
    },
  }, async (request, reply) => {
    const setting = await activatePeppol(deps, actorOf(request), request.params.customerId, request.params.billingAccountId, request.headers['if-match']);
    return reply.header('etag', etagOf(setting)).send(setting);
  });

  app.get(`${base}/:billingAccountId/cancel-preview`, {
    config: read,
    schema: {
      tags: ['invoice-delivery'], summary: 'Before returning to paper: the accounts it covers and the invoices whose PDFs to download first (EBL-5)',
      params: DeliveryParams, response: { 200: CancelPreview, ...problems },
    },
  }, async (request) => cancelPreview(deps, actorOf(request), request.params.customerId, request.params.billingAccountId));

  app.post(`${base}/:billingAccountId/cancel`, {
    config: update,
    schema: {
      tags: ['invoice-delivery'], summary: 'Return to paper (EBL-5): GreenBill of fixed services stops for every fixed account together; what waits is dropped',
      params: DeliveryParams, headers: IfMatchHeaders, response: { 200: DeliverySetting, ...changeProblems },
    },
  }, async (request, reply) => {
    const setting = await cancelDelivery(deps, actorOf(request), request.params.customerId, request.params.billingAccountId, request.headers['if-match']);
    return reply.header('etag', etagOf(setting)).send(setting);
  });

  // The address is the customer's to give, not necessarily its own: a waiting address is mailed
  // again a few times an hour at most, so the portal cannot be used to flood a mailbox.
  const resends = countedThrottle(app.db, app.clock, 3_600_000, 'verification mails to this address', [
    { max: RESENDS_PER_HOUR, key: (request) => `greenbill-resend:${(request.params as { requestId?: string }).requestId ?? ''}` },
  ]);
  app.post(`${base}/:billingAccountId/requests/:requestId/resend`, {
    config: update,
    preHandler: resends.refuseWhenExceeded,
    schema: {
      tags: ['invoice-delivery'], summary: `Send the verification mail of a waiting GreenBill address again, with a new link (the old one stops working); ${RESENDS_PER_HOUR} times an hour at most (429)`,
      params: DeliveryRequestParams, response: { 200: DeliverySetting, ...problems, 409: Problem, 429: Problem },
    },
  }, async (request, reply) => {
    const setting = await resendVerification(deps, actorOf(request), request.params.customerId, request.params.billingAccountId, request.params.requestId);
    await resends.count(request);
    return reply.header('etag', etagOf(setting)).send(setting);
  });

  app.delete(`${base}/:billingAccountId/requests/:requestId`, {
    config: update,
    schema: {
      tags: ['invoice-delivery'], summary: 'Cancel a waiting GreenBill address or Zoomit invitation; the delivery stays as it is',
      params: DeliveryRequestParams, response: { 200: DeliverySetting, ...problems, 409: Problem },
    },
  }, async (request, reply) => {
    const setting = await cancelRequest(deps, actorOf(request), request.params.customerId, request.params.billingAccountId, request.params.requestId);
    return reply.header('etag', etagOf(setting)).send(setting);
  });

  app.get(`${base}/:billingAccountId/deliveries`, {
    config: read,
    schema: {
      tags: ['invoice-delivery'], summary: "The account's delivery history, newest first: channel, recipient (masked), sent, delivered, bounced or failed with its reason",
      params: DeliveryParams, querystring: DeliveryHistoryQuery, response: { 200: DeliveryHistoryResponse, ...problems },
    },
  }, async (request) => getAccountDeliveries(deps, actorOf(request), request.params.customerId, request.params.billingAccountId, request.query));

  app.get('/api/v1/customers/:customerId/invoices/:invoiceId/deliveries', {
    config: read,
    schema: {
      tags: ['invoice-delivery'], summary: "One invoice's deliveries, one per channel",
      params: InvoiceParams, response: { 200: InvoiceDeliveryListResponse, ...problems },
    },
  }, async (request) => getInvoiceDeliveries(deps, actorOf(request), request.params.customerId, request.params.invoiceId));

  // Guessing a token is hopeless (256 bits), but throttle anyway, like invitations.
  const limiter = app.createRateLimit({
    max: app.config.loginMaxPerIp, timeWindow: app.config.loginWindowSeconds * 1000, keyGenerator: (request) => `greenbill-ip:${request.ip}`,
  }) as Limiter;

  app.get('/api/v1/greenbill/verifications/:token', {
    config: { public: true },
    schema: {
      tags: ['invoice-delivery'], summary: 'What a GreenBill verification link confirms (404 unknown or replaced, 410 expired)',
      params: VerificationParams, response: { 200: Verification, 400: Problem, 404: Problem, 410: Problem, 429: Problem },
    },
  }, async (request) => getVerification(deps, request.params.token));

  app.post('/api/v1/greenbill/verifications/:token', {
    config: { public: true },
    preHandler: throttle([limiter], 'attempts'),
    schema: {
      tags: ['invoice-delivery'], summary: 'Confirm the address: GreenBill becomes active for its accounts (410 when the link expired or was used)',
      params: VerificationParams, response: { 200: Verification, 400: Problem, 404: Problem, 410: Problem, 429: Problem },
    },
  }, async (request) => confirmVerification(deps, request.params.token, request.ip));

  // The bank's webhook: the signature covers the body exactly as sent, so it is kept as text, then
  // parsed by Fastify's own JSON parser: malformed JSON answers as on every other route.
  await app.register(async (scope) => {
    const parseJson = scope.getDefaultJsonParser(scope.initialConfig.onProtoPoisoning ?? 'error', scope.initialConfig.onConstructorPoisoning ?? 'error');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 16_384 }, (request, body, done) => {
      (request as FastifyRequest & { rawBody?: string }).rawBody = body as string;
      parseJson(request, body as string, done);
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/webhooks/zoomit', {
      config: { public: true },
      schema: {
        tags: ['invoice-delivery'], summary: "The bank reports the customer's answer to a Zoomit invitation (HMAC-SHA256 signed, with a timestamp)",
        description: 'X-Zoomit-Signature: sha256=<hex HMAC-SHA256 of "<X-Zoomit-Timestamp>.<raw body>" with the shared secret>. '
          + '401 bad_signature or stale_timestamp (older than the tolerance: a replay); 409 invitation_answered for a second report.',
        headers: ZoomitWebhookHeaders, body: ZoomitWebhookBody, response: { 200: ZoomitWebhookResponse, 400: Problem, 401: Problem, 404: Problem, 409: Problem },
      },
    }, async (request) => handleZoomitWebhook(
      deps, { timestamp: request.headers['x-zoomit-timestamp'], signature: request.headers['x-zoomit-signature'] },
      (request as FastifyRequest & { rawBody?: string }).rawBody ?? '', request.body, request.ip,
    ));
  });

  if (app.config.nodeEnv === 'production') return;

  // Development only: the sandbox bank, the SMS gateway's log and bounces, beside the development mailbox.
  app.get('/api/v1/sandbox/zoomit/invitations/:invitationId', {
    config: { public: true },
    schema: {
      tags: ['invoice-delivery'], summary: 'Development sandbox bank: a Zoomit invitation as the customer sees it in his bank (not in production)',
      params: SandboxInvitationParams, response: { 200: SandboxInvitation, 400: Problem, 404: Problem },
    },
  }, async (request) => sandboxInvitation(deps, request.params.invitationId));

  app.post('/api/v1/sandbox/zoomit/invitations/:invitationId/answer', {
    config: { public: true },
    schema: {
      tags: ['invoice-delivery'], summary: 'Development sandbox bank: accept or refuse the invitation; the bank signs its webhook as a real one would',
      params: SandboxInvitationParams, body: SandboxAnswerBody, response: { 200: SandboxInvitation, 400: Problem, 401: Problem, 404: Problem, 409: Problem },
    },
  }, async (request) => sandboxAnswer(deps, request.params.invitationId, request.body.result, request.ip));

  app.get('/api/v1/operator/mailbox/sms', {
    config: { authz: { action: 'read', subject: 'Mailbox' } },
    schema: {
      tags: ['operator'], summary: 'Development SMS gateway: the messages it recorded, newest first (operator staff; not in production)',
      querystring: SmsListQuery, response: { 200: SmsListResponse, 400: Problem, 401: Problem, 403: Problem },
    },
  }, async (request) => readSms(deps, request.query));

  app.post('/api/v1/operator/mailbox/:mailId/bounce', {
    config: { authz: { action: 'read', subject: 'Mailbox' } },
    schema: {
      tags: ['operator'], summary: "Development: play the mail server's bounce of an invoice announcement (the account's financial managers are told)",
      params: BounceParams, body: BounceBody,
      response: { 200: Type.Object({ deliveryId: Type.String(), notified: Type.Integer() }), 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
    },
  }, async (request) => bounceMail(deps, actorOf(request), request.params.mailId, request.body.reason));
}
