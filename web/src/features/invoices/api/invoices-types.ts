/**
 * The shapes of the billing API the screens read (packages/contracts invoices and usage), and the
 * lists of values the filters offer.
 */
import type {
  CallCreditsResponse as ContractCallCreditsResponse, Dispute as ContractDispute, DisputeStatus as ContractDisputeStatus, InvoiceDetail as ContractInvoiceDetail, InvoiceStatus as ContractInvoiceStatus,
} from '@mandate/contracts/invoices';

export type {
  AnswerDisputeBody, BillingAccountListResponse as BillingAccountList, BillingAccountRef, BillingDocument,
  BillingDocumentListResponse as BillingDocumentList, CallCreditsQuery, CallCreditsResponse, CreateDisputeBody, Dispute, DisputeListResponse, InvoiceDetail, InvoiceListQuery,
  InvoiceListResponse, InvoiceSort, InvoiceSummary, OperatorDispute, OperatorDisputeListResponse,
} from '@mandate/contracts/invoices';
export type {
  CallDetailItem as CallDetail, CallDetailPage as CallDetailResponse, CallDetailQuery, ChargeItem as ChargeRow, ChargesResponse,
  UnbilledItem as UnbilledEvent, UnbilledPage as UnbilledResponse, UsageType,
} from '@mandate/contracts/usage';
export type { SimListResponse as SimList } from '@mandate/contracts/sims';
export type InvoiceLine = ContractInvoiceDetail['lines'][number];
export type CallCredit = ContractCallCreditsResponse['items'][number];
export type CallCreditTransfer = ContractCallCreditsResponse['transfers'][number];
export type DisputeEvent = ContractDispute['events'][number];
export { INVOICE_SORTS } from '@mandate/contracts/invoices';
export { USAGE_TYPES } from '@mandate/contracts/usage';

export type InvoiceStatus = ContractInvoiceStatus;
export type DisputeStatus = ContractDisputeStatus;

export const INVOICE_STATUSES = ['open', 'paid', 'overdue', 'disputed'] as const satisfies readonly InvoiceStatus[];
export const DISPUTE_STATUSES = ['open', 'in_review', 'accepted', 'rejected', 'withdrawn'] as const satisfies readonly DisputeStatus[];

export const ANSWER_STATUSES = ['in_review', 'accepted', 'rejected'] as const satisfies readonly DisputeStatus[];
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];
