import { isDeemedAccepted, objectionDeadline, workingDayCalendar } from '@mandate/domain/working-days';
import { availableUntil, retentionStart } from '@mandate/domain/retention';
import type { BillingAccountRef, BillingDocumentListQuery, BillingDocumentListResponse } from '@mandate/contracts/invoices';
import type { Deps } from '../../lib/deps.ts';
import { cursorTime, decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { notFound } from '../../lib/problem.ts';
import type { Principal } from '../../types.ts';
import { documentContent, listDocuments } from './billing-documents.repo.ts';

const DOCUMENT_PAGES = keyset('billing-documents:publishedAt:desc', 'timestamp', 'uuid');

/**
 * GET …/billing-documents: documents and reports other than invoices, newest first, each with the
 * last day to object and whether it now counts as accepted (INV-8: 5 Belgian working days).
 */
export async function getDocumentPage(deps: Deps, principal: Principal, customerId: string, query: BillingDocumentListQuery): Promise<BillingDocumentListResponse> {
  const { limit = 50 } = query;
  const after = decodeCursor(DOCUMENT_PAGES, query.cursor);
  const now = deps.clock.now();
  const rows = await listDocuments(deps.db, principal.ability, customerId, now, retentionStart('billing_data', now), {
    billingAccountId: query.billingAccountId, after, limit,
  });
  // One holiday calendar for the page (working-days.ts: never kept in module scope).
  const calendar = workingDayCalendar();
  return toPage(rows, limit, DOCUMENT_PAGES, (r) => [cursorTime(r.publishedAt), r.id], (r) => {
    const publishedAt = new Date(r.publishedAt);
    return {
      id: r.id,
      billingAccount: { id: r.billingAccountId, number: r.accountNumber, name: r.accountName, type: r.accountType as BillingAccountRef['type'] },
      kind: r.kind as BillingDocumentListResponse['items'][number]['kind'],
      title: r.title,
      publishedAt: publishedAt.toISOString(),
      objectionDeadline: objectionDeadline(publishedAt, calendar),
      deemedAccepted: isDeemedAccepted(publishedAt, now, calendar),
      hasContent: r.hasContent,
      availableUntil: availableUntil('billing_data', publishedAt).toISOString(),
    };
  });
}

/** GET …/billing-documents/{documentId}/content: the document as shipped (a PDF, else plain bytes). */
export async function getDocumentContent(deps: Deps, principal: Principal, customerId: string, documentId: string) {
  const now = deps.clock.now();
  const row = await documentContent(deps.db, principal.ability, customerId, now, retentionStart('billing_data', now), documentId);
  if (!row?.content) throw notFound('document');
  const content = Buffer.from(row.content);
  const isPdf = content.subarray(0, 5).toString('latin1') === '%PDF-';
  const base = row.title.normalize('NFKD').replace(/[^\w .-]+/g, '').trim().slice(0, 80) || 'document';
  return { content, type: isPdf ? 'application/pdf' : 'application/octet-stream', filename: `${base}${isPdf ? '.pdf' : ''}` };
}
