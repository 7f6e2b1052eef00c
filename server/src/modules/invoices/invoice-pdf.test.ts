import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../../test/support/pdf.ts';
import { renderInvoicePdf, type PdfInvoice } from './invoice-pdf.ts';

const invoice: PdfInvoice = {
  number: 'ACME-0002-202610',
  account: { number: 'ACME-0002', name: 'Acme mobile' },
  customerName: 'Acme Belgium NV',
  periodStart: '2026-10-01',
  periodEnd: '2026-10-31',
  issueDate: '2026-11-01',
  dueDate: '2026-12-01',
  amountExclVatCents: 180_114,
  vatCents: 37_824,
  amountInclVatCents: 217_938,
  lines: [{ lineNo: 1, msisdn: '+32470000001', chargeType: 'subscription', description: 'Business Mobile L', quantity: 1, amountExclVatCents: 180_114, vatRateBp: 2100 }],
};

describe('the invoice PDF', () => {
  it('writes French amounts and dates as French does: thousands apart, the first of the month as an ordinal', async () => {
    const text = pdfText(await renderInvoicePdf(invoice, new Date('2026-12-01T10:00:00Z'), 'fr'));
    expect(text).toContain('Total hors TVA : 1\u00a0801,14\u00a0€');
    expect(text).toContain('Total TVA incl. : 2\u00a0179,38\u00a0€');
    expect(text).toContain('Période du 1er octobre 2026 au 31 octobre 2026');
    expect(text).toContain('échéance 1er décembre 2026');
    expect(text).toContain('le 1er décembre 2026');
    // Each line gives its VAT rate, not a VAT rounded line by line that would not add up to the total.
    expect(text).toContain('1\u00a0801,14\u00a0€ (TVA 21\u00a0%)');
  });

  it('writes Dutch and English amounts with their own separators', async () => {
    expect(pdfText(await renderInvoicePdf(invoice, new Date('2026-12-01T10:00:00Z'), 'nl'))).toContain('€\u00a02.179,38');
    const english = pdfText(await renderInvoicePdf(invoice, new Date('2026-12-01T10:00:00Z'), 'en'));
    expect(english).toContain('€2,179.38');
    expect(english).toContain('€1,801.14 (VAT 21%)');
  });
});
