import { brusselsDate } from '@mandate/domain/dates';
import { retentionCutoffDate } from '@mandate/domain/retention';
import type { RetentionWindow } from './invoices.repo.ts';

/** What billing queries may show at `now` (RET-1, INV-3), as Brussels days. */
export function retentionWindow(now: Date): RetentionWindow {
  return {
    today: brusselsDate(now),
    billingCutoff: retentionCutoffDate('billing_data', now),
    pdfCutoff: retentionCutoffDate('fixed_invoice_pdf', now),
  };
}
