import { describe, expect, it } from 'vitest';
import {
  PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID, buildUblInvoice, checkUblInvoice, peppolParticipantId, type PeppolInvoiceInput,
} from './peppol-ubl.ts';

const SELLER_KBO = '0403.170.701';
const BUYER_KBO = '0876.543.270';

function invoice(overrides: Partial<PeppolInvoiceInput> = {}): PeppolInvoiceInput {
  return {
    number: 'INV-2026-000123',
    issueDate: '2026-12-01',
    dueDate: '2026-12-31',
    currency: 'EUR',
    seller: { name: 'Mandate Telecom NV', enterpriseNumber: SELLER_KBO, vatNumber: 'BE0403170701', street: 'Koning Albert II-laan 27', city: 'Brussel', postalCode: '1030', country: 'BE' },
    buyer: { name: 'Acme Logistics BV', enterpriseNumber: BUYER_KBO, vatNumber: 'BE 0876.543.270', street: 'Havenlaan 1', city: 'Antwerpen', postalCode: '2000', country: 'BE' },
    lines: [
      { id: '1', description: 'Mobile subscription Business L', quantity: 3, netAmountCents: 8997, vatRatePercent: 21 },
      { id: '2', description: 'International calls', quantity: 1, netAmountCents: 1234, vatRatePercent: 21 },
      { id: '3', description: 'Loyalty discount', quantity: 1, netAmountCents: -500, vatRatePercent: 21 },
      { id: '4', description: 'Third-party payment (zero rated)', quantity: 2, netAmountCents: 1999, vatRatePercent: 0 },
    ],
    buyerReference: 'BA-100200',
    paymentIban: 'BE68 5390 0754 7034',
    ...overrides,
  };
}

function creditNote(overrides: Partial<PeppolInvoiceInput> = {}): PeppolInvoiceInput {
  return invoice({
    number: 'CN-2026-000007',
    lines: [
      { id: '1', description: 'Refund of roaming charges', quantity: 1, netAmountCents: -4550, vatRatePercent: 21 },
      { id: '2', description: 'Correction of options', quantity: 2, netAmountCents: 300, vatRatePercent: 6 },
    ],
    ...overrides,
  });
}

/** The text of the first `tag` (within the first `scope`, when given). */
function valueOf(xml: string, tag: string, scope?: string): string | undefined {
  const part = scope ? scoped(xml, scope).inner : xml;
  return new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(part)?.[1];
}

function scoped(xml: string, scope: string): { before: string; inner: string; after: string } {
  const start = xml.indexOf(`<${scope}>`);
  const end = xml.indexOf(`</${scope}>`, start);
  if (start < 0 || end < 0) throw new Error(`no ${scope} in the document`);
  return { before: xml.slice(0, start), inner: xml.slice(start, end), after: xml.slice(end) };
}

/** Applies `edit` to the first `scope` element only (the whole document without one); the edit must change something. */
function within(xml: string, scope: string | undefined, edit: (part: string) => string): string {
  if (!scope) return changed(xml, edit(xml));
  const { before, inner, after } = scoped(xml, scope);
  return changed(xml, before + edit(inner) + after);
}

function changed(before: string, after: string): string {
  if (before === after) throw new Error('the mutation changed nothing');
  return after;
}

/** Removes the first `tag` element (with its content). */
const drop = (tag: string, scope?: string) => (xml: string) =>
  within(xml, scope, (p) => p.replace(new RegExp(`\\s*<${tag}(?:\\s[^>]*)?>[\\s\\S]*?</${tag}>`), ''));
/** Removes every `tag` element. */
const dropAll = (tag: string) => (xml: string) => changed(xml, xml.replace(new RegExp(`\\s*<${tag}(?:\\s[^>]*)?>[\\s\\S]*?</${tag}>`, 'g'), ''));
/** Sets the text of the first `tag` element. */
const set = (tag: string, value: string, scope?: string) => (xml: string) =>
  within(xml, scope, (p) => p.replace(new RegExp(`(<${tag}(?:\\s[^>]*)?>)[^<]*(</${tag}>)`), `$1${value}$2`));
/** Inserts `snippet` before the first `marker`. */
const insertBefore = (marker: string, snippet: string) => (xml: string) => changed(xml, xml.replace(marker, `${snippet}${marker}`));
/** Removes an attribute from the first `tag` element. */
const dropAttr = (tag: string, name: string, scope?: string) => (xml: string) =>
  within(xml, scope, (p) => p.replace(new RegExp(`(<${tag})([^>]*?) ${name}="[^"]*"`), '$1$2'));

const rulesOf = (xml: string) => checkUblInvoice(xml).map((v) => v.rule);

describe('peppolParticipantId', () => {
  it.each([
    ['0403.170.701', '0208:0403170701'],
    ['BE 0403 170 701', '0208:0403170701'],
    ['403170701', '0208:0403170701'],
    ['0876543270', '0208:0876543270'],
    ['0403.170.702', null],
    ['2403170701', null],
    ['12345', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(peppolParticipantId(input)).toBe(expected);
  });
});

describe('buildUblInvoice', () => {
  it('an invoice with two VAT rates passes the checks, with VAT per rate and totals to the cent', () => {
    const xml = buildUblInvoice(invoice());
    expect(checkUblInvoice(xml)).toEqual([]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/);
    expect(valueOf(xml, 'cbc:CustomizationID')).toBe(PEPPOL_CUSTOMIZATION_ID);
    expect(valueOf(xml, 'cbc:ProfileID')).toBe(PEPPOL_PROFILE_ID);
    expect(valueOf(xml, 'cbc:InvoiceTypeCode')).toBe('380');
    expect(xml).toContain('<cbc:EndpointID schemeID="0208">0403170701</cbc:EndpointID>');
    expect(xml).toContain('<cbc:EndpointID schemeID="0208">0876543270</cbc:EndpointID>');
    expect(xml).toContain('<cbc:CompanyID>BE0876543270</cbc:CompanyID>');
    expect(xml).toContain('<cbc:CompanyID schemeID="0208">0403170701</cbc:CompanyID>');
    // 21 %: 89.97 + 12.34 − 5.00 = 97.31 → VAT 20.4351 → 20.44; 0 %: 19.99 zero rated.
    const subtotals = [...xml.matchAll(/<cac:TaxSubtotal>[\s\S]*?<\/cac:TaxSubtotal>/g)].map((m) => m[0]);
    expect(subtotals).toHaveLength(2);
    expect([valueOf(subtotals[0]!, 'cbc:TaxableAmount'), valueOf(subtotals[0]!, 'cbc:TaxAmount'), valueOf(subtotals[0]!, 'cbc:ID'), valueOf(subtotals[0]!, 'cbc:Percent')]).toEqual(['97.31', '20.44', 'S', '21']);
    expect([valueOf(subtotals[1]!, 'cbc:TaxableAmount'), valueOf(subtotals[1]!, 'cbc:TaxAmount'), valueOf(subtotals[1]!, 'cbc:ID'), valueOf(subtotals[1]!, 'cbc:Percent')]).toEqual(['19.99', '0.00', 'Z', '0']);
    expect(valueOf(xml, 'cbc:TaxAmount', 'cac:TaxTotal')).toBe('20.44');
    expect(valueOf(xml, 'cbc:LineExtensionAmount', 'cac:LegalMonetaryTotal')).toBe('117.30');
    expect(valueOf(xml, 'cbc:TaxExclusiveAmount')).toBe('117.30');
    expect(valueOf(xml, 'cbc:TaxInclusiveAmount')).toBe('137.74');
    expect(valueOf(xml, 'cbc:PayableAmount')).toBe('137.74');
    expect(valueOf(xml, 'cbc:DueDate')).toBe('2026-12-31');
    expect(valueOf(xml, 'cbc:BuyerReference')).toBe('BA-100200');
    expect(valueOf(xml, 'cbc:ID', 'cac:PayeeFinancialAccount')).toBe('BE68539007547034');
    expect(valueOf(xml, 'cbc:PaymentMeansCode')).toBe('58');
  });

  it('a discount line is a negative quantity at a positive price (the item price may not be negative)', () => {
    const xml = buildUblInvoice(invoice());
    const discount = [...xml.matchAll(/<cac:InvoiceLine>[\s\S]*?<\/cac:InvoiceLine>/g)].map((m) => m[0])[2]!;
    expect(valueOf(discount, 'cbc:InvoicedQuantity')).toBe('-1');
    expect(valueOf(discount, 'cbc:LineExtensionAmount')).toBe('-5.00');
    expect(valueOf(discount, 'cbc:PriceAmount')).toBe('5.00');
  });

  it('a unit price when the amount divides by the quantity, else the whole amount over a base quantity', () => {
    const xml = buildUblInvoice(invoice({ lines: [
      { id: 'a', description: 'Three SIMs', quantity: 3, netAmountCents: 8997, vatRatePercent: 21 },
      { id: 'b', description: 'Three texts', quantity: 3, netAmountCents: 10, vatRatePercent: 21 },
    ] }));
    const [a, b] = [...xml.matchAll(/<cac:InvoiceLine>[\s\S]*?<\/cac:InvoiceLine>/g)].map((m) => m[0]);
    expect(valueOf(a!, 'cbc:PriceAmount')).toBe('29.99');
    expect(a).not.toContain('BaseQuantity');
    expect(valueOf(b!, 'cbc:PriceAmount')).toBe('0.10');
    expect(b).toContain('<cbc:BaseQuantity unitCode="C62">3</cbc:BaseQuantity>');
    expect(checkUblInvoice(xml)).toEqual([]);
  });

  it('lines adding up below zero make a credit note with positive amounts, which passes', () => {
    const xml = buildUblInvoice(creditNote());
    expect(checkUblInvoice(xml)).toEqual([]);
    expect(xml).toMatch(/<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/);
    expect(xml).not.toContain('InvoiceLine');
    expect(xml).not.toContain('<cbc:DueDate>');
    expect(valueOf(xml, 'cbc:CreditNoteTypeCode')).toBe('381');
    expect(valueOf(xml, 'cbc:PaymentDueDate')).toBe('2026-12-31');
    expect(valueOf(xml, 'cbc:Note', 'cac:PaymentTerms')).toBe('Due date: 2026-12-31');
    // 21 %: 45.50 → 9.555 → 9.56; 6 %: −3.00 → −0.18. Lines 42.50, VAT 9.38.
    expect(valueOf(xml, 'cbc:LineExtensionAmount', 'cac:LegalMonetaryTotal')).toBe('42.50');
    expect(valueOf(xml, 'cbc:TaxAmount', 'cac:TaxTotal')).toBe('9.38');
    expect(valueOf(xml, 'cbc:PayableAmount')).toBe('51.88');
    const lines = [...xml.matchAll(/<cac:CreditNoteLine>[\s\S]*?<\/cac:CreditNoteLine>/g)].map((m) => m[0]);
    expect(lines.map((l) => [valueOf(l, 'cbc:CreditedQuantity'), valueOf(l, 'cbc:LineExtensionAmount'), valueOf(l, 'cbc:PriceAmount')]))
      .toEqual([['1', '45.50', '45.50'], ['-2', '-3.00', '1.50']]);
  });

  it('a credit note without an IBAN still states its due date, in the payment terms', () => {
    const xml = buildUblInvoice(creditNote({ paymentIban: undefined }));
    expect(xml).not.toContain('PaymentMeans');
    expect(checkUblInvoice(xml)).toEqual([]);
  });

  it.each([
    ['3 lines × 0.10 at 21 %: 0.30 and 0.06 VAT, no float drift', [10, 10, 10], 21, ['0.30', '0.06', '0.36']],
    ['0.50 at 21 % is 0.105: half up to 0.11', [50], 21, ['0.50', '0.11', '0.61']],
    ['VAT on the rate total, not per line: 3 × 0.05 at 21 % is 0.0315 → 0.03', [5, 5, 5], 21, ['0.15', '0.03', '0.18']],
    ['0.10 + 0.20 at 6 %: 0.018 → 0.02', [10, 20], 6, ['0.30', '0.02', '0.32']],
    ['a non-integer rate: 10.00 at 5.5 % is 0.55', [1000], 5.5, ['10.00', '0.55', '10.55']],
    ['the largest safe amount keeps every cent', [Number.MAX_SAFE_INTEGER], 21, ['90071992547409.91', '18915118434956.08', '108987110982365.99']],
  ])('%s', (_name, amounts, rate, [net, vat, total]) => {
    const xml = buildUblInvoice(invoice({ lines: amounts.map((c, i) => ({ id: String(i + 1), description: `Line ${i + 1}`, quantity: 1, netAmountCents: c, vatRatePercent: rate })) }));
    expect([valueOf(xml, 'cbc:LineExtensionAmount', 'cac:LegalMonetaryTotal'), valueOf(xml, 'cbc:TaxAmount', 'cac:TaxTotal'), valueOf(xml, 'cbc:PayableAmount')]).toEqual([net, vat, total]);
    expect(checkUblInvoice(xml)).toEqual([]);
  });

  it('escapes & < > " \' in every text and drops characters XML cannot carry', () => {
    const name = `Dupont & Fils <"Télécom"> 'NV'`;
    const xml = buildUblInvoice(invoice({
      seller: { ...invoice().seller, name },
      buyer: { ...invoice().buyer, name, street: 'Rue "A" & <B>' },
      number: `INV<1>&'2'`,
      lines: [{ id: '1', description: `Data 5 GB & "roaming" <EU>\u0001`, quantity: 1, netAmountCents: 100, vatRatePercent: 21 }],
    }));
    const escaped = 'Dupont &amp; Fils &lt;&quot;Télécom&quot;&gt; &apos;NV&apos;';
    expect(valueOf(xml, 'cbc:RegistrationName', 'cac:AccountingSupplierParty')).toBe(escaped);
    expect(valueOf(xml, 'cbc:RegistrationName', 'cac:AccountingCustomerParty')).toBe(escaped);
    expect(valueOf(xml, 'cbc:StreetName', 'cac:AccountingCustomerParty')).toBe('Rue &quot;A&quot; &amp; &lt;B&gt;');
    expect(valueOf(xml, 'cbc:ID')).toBe('INV&lt;1&gt;&amp;&apos;2&apos;');
    expect(valueOf(xml, 'cbc:Name', 'cac:Item')).toBe('Data 5 GB &amp; &quot;roaming&quot; &lt;EU&gt;');
    expect(checkUblInvoice(xml)).toEqual([]);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    expect(buildUblInvoice(invoice())).toBe(buildUblInvoice(invoice()));
  });

  it('the invoice number stands in for a missing buyer reference (Peppol needs one)', () => {
    const xml = buildUblInvoice(invoice({ buyerReference: undefined }));
    expect(valueOf(xml, 'cbc:BuyerReference')).toBe('INV-2026-000123');
    expect(checkUblInvoice(xml)).toEqual([]);
  });

  it('a buyer without a VAT number has no PartyTaxScheme and still passes', () => {
    const xml = buildUblInvoice(invoice({ buyer: { ...invoice().buyer, vatNumber: null } }));
    expect(scoped(xml, 'cac:AccountingCustomerParty').inner).not.toContain('PartyTaxScheme');
    expect(checkUblInvoice(xml)).toEqual([]);
  });

  it.each([
    ['an invalid seller enterprise number', invoice({ seller: { ...invoice().seller, enterpriseNumber: '0403.170.702' } }), /seller's enterprise number/],
    ['an invalid buyer enterprise number', invoice({ buyer: { ...invoice().buyer, enterpriseNumber: 'n/a' } }), /buyer's enterprise number/],
    ['fractional cents', invoice({ lines: [{ id: '1', description: 'x', quantity: 1, netAmountCents: 10.5, vatRatePercent: 21 }] }), /safe integer/],
    ['a VAT rate with three decimals', invoice({ lines: [{ id: '1', description: 'x', quantity: 1, netAmountCents: 100, vatRatePercent: 5.125 }] }), /VAT rate/],
    ['an amount without quantity', invoice({ lines: [{ id: '1', description: 'x', quantity: 0, netAmountCents: 100, vatRatePercent: 21 }] }), /no quantity/],
  ])('refuses %s', (_name, input, message) => {
    expect(() => buildUblInvoice(input)).toThrow(message);
  });
});

describe('checkUblInvoice: each rule, broken on a built invoice', () => {
  const good = buildUblInvoice(invoice());
  const LMT = 'cac:LegalMonetaryTotal';
  const SELLER = 'cac:AccountingSupplierParty';
  const BUYER = 'cac:AccountingCustomerParty';

  it.each<[string, (xml: string) => string]>([
    ['BR-01', drop('cbc:CustomizationID')],
    ['PEPPOL-EN16931-R004', set('cbc:CustomizationID', 'urn:cen.eu:en16931:2017')],
    ['PEPPOL-EN16931-R001', drop('cbc:ProfileID')],
    ['PEPPOL-EN16931-R007', set('cbc:ProfileID', 'billing')],
    ['BR-02', drop('cbc:ID')],
    ['BR-02', set('cbc:ID', ' ')],
    ['BR-03', drop('cbc:IssueDate')],
    ['BR-03', set('cbc:IssueDate', '01/12/2026')],
    ['BR-04', drop('cbc:InvoiceTypeCode')],
    ['BR-05', drop('cbc:DocumentCurrencyCode')],
    ['PEPPOL-EN16931-R003', drop('cbc:BuyerReference')],
    ['BR-06', drop('cbc:RegistrationName', SELLER)],
    ['BR-07', drop('cbc:RegistrationName', BUYER)],
    ['BR-08', drop('cac:PostalAddress', SELLER)],
    ['BR-09', drop('cac:Country', SELLER)],
    ['BR-10', drop('cac:PostalAddress', BUYER)],
    ['BR-11', set('cbc:IdentificationCode', '', BUYER)],
    ['PEPPOL-EN16931-R020', drop('cbc:EndpointID', SELLER)],
    ['PEPPOL-EN16931-R010', drop('cbc:EndpointID', BUYER)],
    ['BR-62', dropAttr('cbc:EndpointID', 'schemeID', SELLER)],
    ['BR-63', dropAttr('cbc:EndpointID', 'schemeID', BUYER)],
    ['BR-12', drop('cbc:LineExtensionAmount', LMT)],
    ['BR-13', drop('cbc:TaxExclusiveAmount', LMT)],
    ['BR-14', drop('cbc:TaxInclusiveAmount', LMT)],
    ['BR-15', drop('cbc:PayableAmount', LMT)],
    ['BR-16', dropAll('cac:InvoiceLine')],
    ['BR-21', drop('cbc:ID', 'cac:InvoiceLine')],
    ['BR-22', drop('cbc:InvoicedQuantity', 'cac:InvoiceLine')],
    ['BR-23', dropAttr('cbc:InvoicedQuantity', 'unitCode', 'cac:InvoiceLine')],
    ['BR-24', drop('cbc:LineExtensionAmount', 'cac:InvoiceLine')],
    ['BR-25', drop('cbc:Name', 'cac:Item')],
    ['BR-26', drop('cac:Price', 'cac:InvoiceLine')],
    ['BR-CO-10', set('cbc:LineExtensionAmount', '90.00', 'cac:InvoiceLine')],
    ['BR-CO-10', set('cbc:LineExtensionAmount', '117.31', LMT)],
    ['BR-CO-13', set('cbc:TaxExclusiveAmount', '117.00', LMT)],
    ['BR-CO-13', insertBefore('<cbc:PayableAmount', '<cbc:AllowanceTotalAmount currencyID="EUR">1.00</cbc:AllowanceTotalAmount>')],
    ['BR-CO-14', set('cbc:TaxAmount', '20.45', 'cac:TaxTotal')],
    ['BR-CO-15', set('cbc:TaxInclusiveAmount', '137.75', LMT)],
    ['BR-CO-16', set('cbc:PayableAmount', '137.00', LMT)],
    ['BR-CO-16', insertBefore('<cbc:PayableAmount', '<cbc:PrepaidAmount currencyID="EUR">10.00</cbc:PrepaidAmount>')],
    ['BR-CO-17', set('cbc:TaxAmount', '20.43', 'cac:TaxSubtotal')],
    ['BR-CO-17', set('cbc:Percent', '20', 'cac:TaxSubtotal')],
    ['BR-CO-18', dropAll('cac:TaxSubtotal')],
    ['BR-S-08', set('cbc:TaxableAmount', '97.30', 'cac:TaxSubtotal')],
    ['BR-S-08', set('cbc:Percent', '6', 'cac:ClassifiedTaxCategory')],
    ['BR-S-09', set('cbc:TaxAmount', '25.00', 'cac:TaxSubtotal')],
    ['PEPPOL-EN16931-R051', (xml) => changed(xml, xml.replace('<cbc:PriceAmount currencyID="EUR">', '<cbc:PriceAmount currencyID="USD">'))],
    ['PEPPOL-EN16931-R051', (xml) => changed(xml, xml.replace('<cbc:PayableAmount currencyID="EUR">', '<cbc:PayableAmount currencyID="GBP">'))],
    ['BR-CO-25', drop('cbc:DueDate')],
    ['BR-DEC', set('cbc:PayableAmount', '137.740', LMT)],
    ['XML', (xml) => xml.slice(0, xml.length / 2)],
    ['XML', (xml) => xml.replace('</cbc:ID>', '</cbc:Id>')],
    ['XML', (xml) => xml.replace('<Invoice ', '<!DOCTYPE Invoice [<!ENTITY x "x">]><Invoice ')],
    ['XML', (xml) => xml.replace('Mandate Telecom NV', 'Mandate &nbsp; Telecom')],
    ['XML', (xml) => xml.replace(/<(\/?)Invoice\b/g, '<$1Order')],
  ])('%s', (rule, mutate) => {
    expect(rulesOf(mutate(good))).toContain(rule);
  });

  it('a one-cent VAT difference breaks BR-CO-17 but stays within BR-S-09\'s tolerance', () => {
    const rules = rulesOf(set('cbc:TaxAmount', '20.43', 'cac:TaxSubtotal')(good));
    expect(rules).toContain('BR-CO-17');
    expect(rules).not.toContain('BR-S-09');
  });

  it('a malformed document is one XML entry', () => {
    expect(checkUblInvoice('<Invoice><cbc:ID>1</Invoice>')).toEqual([{ rule: 'XML', message: expect.stringContaining('not well-formed') }]);
    expect(checkUblInvoice('')).toHaveLength(1);
  });

  it('a VAT total in a separate tax currency is not a currency mismatch', () => {
    const xml = good
      .replace('<cbc:BuyerReference>', '<cbc:TaxCurrencyCode>USD</cbc:TaxCurrencyCode>\n  <cbc:BuyerReference>')
      .replace('<cac:LegalMonetaryTotal>', '<cac:TaxTotal><cbc:TaxAmount currencyID="USD">22.00</cbc:TaxAmount></cac:TaxTotal>\n  <cac:LegalMonetaryTotal>');
    expect(checkUblInvoice(xml)).toEqual([]);
  });

  it('document-level allowances and charges count in BR-CO-13 and BR-S-08', () => {
    const allowance = '<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">7.31</cbc:Amount>'
      + '<cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent></cac:TaxCategory></cac:AllowanceCharge>\n  <cac:TaxTotal>';
    const xml = [
      (x: string) => x.replace('<cac:TaxTotal>', allowance),
      set('cbc:TaxAmount', '18.90', 'cac:TaxTotal'),
      set('cbc:TaxableAmount', '90.00', 'cac:TaxSubtotal'),
      set('cbc:TaxAmount', '18.90', 'cac:TaxSubtotal'),
      set('cbc:TaxExclusiveAmount', '109.99', LMT),
      set('cbc:TaxInclusiveAmount', '128.89', LMT),
      set('cbc:PayableAmount', '128.89', LMT),
      insertBefore('<cbc:PayableAmount', '<cbc:AllowanceTotalAmount currencyID="EUR">7.31</cbc:AllowanceTotalAmount>'),
    ].reduce((x, f) => f(x), good);
    expect(checkUblInvoice(xml)).toEqual([]);
    expect(rulesOf(xml.replace('<cbc:Amount currencyID="EUR">7.31</cbc:Amount>', '<cbc:Amount currencyID="EUR">7.30</cbc:Amount>'))).toEqual(['BR-S-08']);
  });
});

describe('checkUblInvoice: credit notes', () => {
  const good = buildUblInvoice(creditNote());

  it.each<[string, (xml: string) => string]>([
    ['BR-04', drop('cbc:CreditNoteTypeCode')],
    ['BR-16', dropAll('cac:CreditNoteLine')],
    ['BR-22', drop('cbc:CreditedQuantity', 'cac:CreditNoteLine')],
    ['BR-CO-10', set('cbc:LineExtensionAmount', '45.51', 'cac:CreditNoteLine')],
    ['BR-CO-25', (xml) => drop('cac:PaymentTerms')(drop('cac:PaymentMeans')(xml))],
  ])('%s', (rule, mutate) => {
    expect(rulesOf(mutate(good))).toContain(rule);
  });

  it('the due date in PaymentMeans alone satisfies BR-CO-25', () => {
    expect(checkUblInvoice(drop('cac:PaymentTerms')(good))).toEqual([]);
  });

  it('an invoice line in a credit note is not a credit note line', () => {
    expect(rulesOf(good.replace(/CreditNoteLine>/g, 'InvoiceLine>'))).toContain('BR-16');
  });
});
