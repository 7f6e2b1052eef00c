import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normaliseEnterpriseNumber } from '@mandate/domain/enterprise-number';

/**
 * Peppol BIS Billing 3.0 documents (UBL 2.1 Invoice and CreditNote) for invoice delivery over
 * Peppol: the builder and a checker of a documented subset of the BIS 3.0 business rules
 * (docs/peppol.md says which, and why not the official Schematron).
 *
 * Amounts are integer cents throughout (BigInt where they are summed or multiplied), so no
 * floating-point drift reaches a document or a check.
 */

export const PEPPOL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
/** ISO 6523 ICD of the Belgian enterprise number (KBO/BCE), the scheme of Belgian Peppol participants. */
export const BELGIAN_ENTERPRISE_SCHEME = '0208';

const NS_INVOICE = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const NS_CREDIT_NOTE = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
const NS_CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const NS_CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
/** UN/ECE rec 20 "one": telecom lines are counted in units, not kilograms or hours. */
const UNIT_CODE = 'C62';
/** UNCL4461 58: SEPA credit transfer. */
const SEPA_CREDIT_TRANSFER = '58';

/** '0208:0123456789' for a valid Belgian enterprise number in any usual spelling; null otherwise. */
export function peppolParticipantId(enterpriseNumber: string): string | null {
  const ten = normaliseEnterpriseNumber(enterpriseNumber);
  return ten === null ? null : `${BELGIAN_ENTERPRISE_SCHEME}:${ten}`;
}

export interface PeppolParty {
  name: string;
  enterpriseNumber: string;
  street?: string;
  city?: string;
  postalCode?: string;
}

export interface PeppolInvoiceLine {
  id: string;
  description: string;
  quantity: number;
  /** The line's amount excluding VAT; negative for a discount or a credit. */
  netAmountCents: number;
  /** 21, 12, 6 or 0 (at most two decimals). */
  vatRatePercent: number;
}

export interface PeppolInvoiceInput {
  number: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD */
  dueDate: string;
  currency: 'EUR';
  seller: PeppolParty & { vatNumber: string; country: 'BE' };
  buyer: PeppolParty & { vatNumber: string | null; country: string };
  lines: PeppolInvoiceLine[];
  /** BT-10; the invoice number stands in when absent, since Peppol requires a buyer reference or an order reference. */
  buyerReference?: string;
  /** The seller's account the buyer pays into. */
  paymentIban?: string;
}

// ---------------------------------------------------------------------------------------------
// Amounts

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

/**
 * numerator / denominator (denominator > 0) rounded half up, i.e. towards +∞ on a tie: the
 * rounding of XPath's round(), which the official BR-CO-17 uses, so a negative base rounds as
 * the Schematron expects.
 */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return floorDiv(numerator * 2n + denominator, denominator * 2n);
}

/** The VAT in cents on `baseCents` at `rateBp` basis points (2100 = 21 %). */
function vatCents(baseCents: bigint, rateBp: bigint): bigint {
  return roundHalfUp(baseCents * rateBp, 10_000n);
}

function formatCents(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function rateBasisPoints(percent: number): bigint {
  const bp = Math.round(percent * 100);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100 || Math.abs(bp - percent * 100) > 1e-6) {
    throw new RangeError(`A VAT rate must be a percentage between 0 and 100 with at most two decimals, got ${percent}`);
  }
  return BigInt(bp);
}

function formatPercent(bp: bigint): string {
  const whole = bp / 100n;
  const fraction = bp % 100n;
  return fraction === 0n ? String(whole) : `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

function formatQuantity(quantity: number): string {
  const text = String(quantity);
  if (!Number.isFinite(quantity) || !/^-?\d+(\.\d+)?$/.test(text)) throw new RangeError(`Not a plain decimal quantity: ${text}`);
  return text;
}

function cents(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer number of cents, got ${value}`);
  return BigInt(value);
}

// ---------------------------------------------------------------------------------------------
// XML writing

interface XmlElement {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: Array<XmlElement | null>;
}

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF): dropped, or the document would not parse. */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function el(name: string, content: string | Array<XmlElement | null>, attrs?: Record<string, string>): XmlElement {
  return typeof content === 'string' ? { name, attrs, text: content } : { name, attrs, children: content };
}

/** An element only when its text is there (optional UBL fields). */
function optional(name: string, text: string | null | undefined): XmlElement | null {
  return text === undefined || text === null || text.trim() === '' ? null : el(name, text.trim());
}

function render(node: XmlElement, indent: string, out: string[]): void {
  const attrs = Object.entries(node.attrs ?? {}).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  if (node.children === undefined) {
    out.push(`${indent}<${node.name}${attrs}>${escapeXml(node.text ?? '')}</${node.name}>`);
    return;
  }
  out.push(`${indent}<${node.name}${attrs}>`);
  for (const child of node.children) if (child) render(child, `${indent}  `, out);
  out.push(`${indent}</${node.name}>`);
}

// ---------------------------------------------------------------------------------------------
// Building

const vatScheme = () => el('cac:TaxScheme', [el('cbc:ID', 'VAT')]);

/** "BE 0123.456.789" → "BE0123456789". */
function compactId(id: string): string {
  return id.replace(/[\s.-]/g, '').toUpperCase();
}

function partyElement(role: 'seller' | 'buyer', party: PeppolParty & { vatNumber: string | null; country: string }): XmlElement {
  const ten = normaliseEnterpriseNumber(party.enterpriseNumber);
  // Without a participant id the document cannot be addressed on the network at all.
  if (ten === null) throw new RangeError(`The ${role}'s enterprise number is not valid: ${JSON.stringify(party.enterpriseNumber)}`);
  const scheme = { schemeID: BELGIAN_ENTERPRISE_SCHEME };
  return el('cac:Party', [
    el('cbc:EndpointID', ten, scheme),
    el('cac:PartyName', [el('cbc:Name', party.name)]),
    el('cac:PostalAddress', [
      optional('cbc:StreetName', party.street),
      optional('cbc:CityName', party.city),
      optional('cbc:PostalZone', party.postalCode),
      el('cac:Country', [el('cbc:IdentificationCode', party.country.trim().toUpperCase())]),
    ]),
    party.vatNumber ? el('cac:PartyTaxScheme', [el('cbc:CompanyID', compactId(party.vatNumber)), vatScheme()]) : null,
    el('cac:PartyLegalEntity', [el('cbc:RegistrationName', party.name), el('cbc:CompanyID', ten, scheme)]),
  ]);
}

interface PreparedLine {
  id: string;
  description: string;
  quantity: number;
  amount: bigint;
  rateBp: bigint;
}

/** S (standard rate) for a positive rate; a 0 % line is declared Z (zero rated), which needs no exemption reason. */
const categoryOf = (rateBp: bigint) => (rateBp > 0n ? 'S' : 'Z');

function taxCategory(tag: 'cac:ClassifiedTaxCategory' | 'cac:TaxCategory', rateBp: bigint): XmlElement {
  return el(tag, [el('cbc:ID', categoryOf(rateBp)), el('cbc:Percent', formatPercent(rateBp)), vatScheme()]);
}

function lineElement(kind: 'Invoice' | 'CreditNote', line: PreparedLine, currency: string): XmlElement {
  const cur = { currencyID: currency };
  const unit = { unitCode: UNIT_CODE };
  const abs = line.amount < 0n ? -line.amount : line.amount;
  const absQuantity = Math.abs(line.quantity);
  if (absQuantity === 0 && abs !== 0n) throw new RangeError(`Line ${line.id} has an amount but no quantity: no unit price expresses it`);
  // The item price may not be negative (BR-27): a negative amount is a negative quantity at a positive price.
  const quantity = line.amount < 0n ? -absQuantity : line.amount > 0n ? absQuantity : line.quantity;
  // An exact unit price when the amount divides by the quantity; otherwise the price of the whole
  // quantity given as base quantity, so quantity × price / base quantity is the amount exactly.
  const divides = abs === 0n || (Number.isSafeInteger(absQuantity) && abs % BigInt(absQuantity) === 0n);
  const price = el('cac:Price', [
    el('cbc:PriceAmount', formatCents(divides ? (abs === 0n ? 0n : abs / BigInt(absQuantity)) : abs), cur),
    divides ? null : el('cbc:BaseQuantity', formatQuantity(absQuantity), unit),
  ]);
  return el(kind === 'Invoice' ? 'cac:InvoiceLine' : 'cac:CreditNoteLine', [
    el('cbc:ID', line.id),
    el(kind === 'Invoice' ? 'cbc:InvoicedQuantity' : 'cbc:CreditedQuantity', formatQuantity(quantity), unit),
    el('cbc:LineExtensionAmount', formatCents(line.amount), cur),
    el('cac:Item', [el('cbc:Name', line.description), taxCategory('cac:ClassifiedTaxCategory', line.rateBp)]),
    price,
  ]);
}

/**
 * A Peppol BIS Billing 3.0 document for the invoice: a UBL Invoice, or a CreditNote when its
 * lines add up to less than zero, with every amount's sign turned so the credit reads positive.
 * VAT is computed per rate on the sum of that rate's lines, rounded half up to the cent.
 * Deterministic: the same input gives the same bytes.
 */
export function buildUblInvoice(input: PeppolInvoiceInput): string {
  const raw = input.lines.map((l, i) => ({ ...l, amount: cents(l.netAmountCents, `Line ${i + 1}'s amount`), rateBp: rateBasisPoints(l.vatRatePercent) }));
  const rawTotal = raw.reduce((s, l) => s + l.amount, 0n);
  const kind: 'Invoice' | 'CreditNote' = rawTotal < 0n ? 'CreditNote' : 'Invoice';
  const sign = kind === 'CreditNote' ? -1n : 1n;
  const lines: PreparedLine[] = raw.map((l) => ({ id: l.id, description: l.description, quantity: l.quantity, amount: l.amount * sign, rateBp: l.rateBp }));

  const byRate = new Map<bigint, bigint>();
  for (const l of lines) byRate.set(l.rateBp, (byRate.get(l.rateBp) ?? 0n) + l.amount);
  const subtotals = [...byRate.entries()]
    .sort(([a], [b]) => (a > b ? -1 : a < b ? 1 : 0))
    .map(([rateBp, base]) => ({ rateBp, base, tax: vatCents(base, rateBp) }));
  const lineTotal = lines.reduce((s, l) => s + l.amount, 0n);
  const taxTotal = subtotals.reduce((s, t) => s + t.tax, 0n);
  const cur = { currencyID: input.currency };
  const amount = (name: string, c: bigint) => el(name, formatCents(c), cur);
  const iban = input.paymentIban ? compactId(input.paymentIban) : null;

  const root = el(kind, [
    el('cbc:CustomizationID', PEPPOL_CUSTOMIZATION_ID),
    el('cbc:ProfileID', PEPPOL_PROFILE_ID),
    el('cbc:ID', input.number),
    el('cbc:IssueDate', input.issueDate),
    kind === 'Invoice' ? el('cbc:DueDate', input.dueDate) : null,
    kind === 'Invoice' ? el('cbc:InvoiceTypeCode', '380') : el('cbc:CreditNoteTypeCode', '381'),
    el('cbc:DocumentCurrencyCode', input.currency),
    el('cbc:BuyerReference', input.buyerReference?.trim() || input.number),
    el('cac:AccountingSupplierParty', [partyElement('seller', input.seller)]),
    el('cac:AccountingCustomerParty', [partyElement('buyer', input.buyer)]),
    iban
      ? el('cac:PaymentMeans', [
          el('cbc:PaymentMeansCode', SEPA_CREDIT_TRANSFER),
          // UBL 2.1 CreditNote has no root DueDate: its due date sits here.
          kind === 'CreditNote' ? el('cbc:PaymentDueDate', input.dueDate) : null,
          el('cbc:PaymentID', input.number),
          el('cac:PayeeFinancialAccount', [el('cbc:ID', iban)]),
        ])
      : null,
    // BR-CO-25 wants a due date or payment terms on a positive amount; some Schematron releases look
    // for a credit note's due date only at the root, where UBL 2.1 has none, so a credit note states it in the terms too.
    kind === 'CreditNote' ? el('cac:PaymentTerms', [el('cbc:Note', `Due date: ${input.dueDate}`)]) : null,
    el('cac:TaxTotal', [
      amount('cbc:TaxAmount', taxTotal),
      ...subtotals.map((t) => el('cac:TaxSubtotal', [amount('cbc:TaxableAmount', t.base), amount('cbc:TaxAmount', t.tax), taxCategory('cac:TaxCategory', t.rateBp)])),
    ]),
    el('cac:LegalMonetaryTotal', [
      amount('cbc:LineExtensionAmount', lineTotal),
      amount('cbc:TaxExclusiveAmount', lineTotal),
      amount('cbc:TaxInclusiveAmount', lineTotal + taxTotal),
      amount('cbc:PayableAmount', lineTotal + taxTotal),
    ]),
    ...lines.map((l) => lineElement(kind, l, input.currency)),
  ], { xmlns: kind === 'Invoice' ? NS_INVOICE : NS_CREDIT_NOTE, 'xmlns:cac': NS_CAC, 'xmlns:cbc': NS_CBC });

  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, '', out);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Checking

export interface PeppolRuleViolation {
  /** The BIS 3.0 rule id (BR-…, PEPPOL-EN16931-…), or 'XML' when the document does not parse. */
  rule: string;
  message: string;
}

type XmlNode = Record<string, unknown> | string;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Values stay strings: amounts are read as decimal text, never as floats.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element an array, so a repeated element never changes the shape the checks read.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

function kids(node: XmlNode | undefined, name: string): XmlNode[] {
  if (node === undefined || typeof node === 'string') return [];
  const value = node[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

/** The first element along a path of local names. */
function kid(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) current = kids(current, name)[0];
  return current;
}

/** An element's trimmed text; undefined when the element is missing. */
function text(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node.trim();
  const t = node['#text'];
  return typeof t === 'string' ? t.trim() : '';
}

function attr(node: XmlNode | undefined, name: string): string | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value.trim() : undefined;
}

const has = (node: XmlNode | undefined) => node !== undefined;
const filled = (node: XmlNode | undefined) => (text(node) ?? '') !== '';

/** A decimal amount with at most two decimals, in cents; null when it is not one. */
function parseAmount(value: string): bigint | null {
  const m = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!m) return null;
  const c = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -c : c;
}

/** A percentage as an exact fraction numerator / denominator. */
interface Percent { numerator: bigint; denominator: bigint }

function parsePercent(value: string | undefined): Percent | null {
  const m = value === undefined ? null : /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) return null;
  const fraction = m[2] ?? '';
  return { numerator: BigInt(m[1]! + fraction), denominator: 10n ** BigInt(fraction.length) };
}

const samePercent = (a: Percent, b: Percent) => a.numerator * b.denominator === b.numerator * a.denominator;

/** taxable × percent / 100, rounded half up to the cent. */
function percentOf(taxableCents: bigint, p: Percent): bigint {
  return roundHalfUp(taxableCents * p.numerator, p.denominator * 100n);
}

function parseDocument(xml: string): { kind: 'Invoice' | 'CreditNote'; root: XmlNode } | string {
  // UBL has no DOCTYPE; refusing one also refuses entity expansion.
  if (/<!DOCTYPE/i.test(xml)) return 'a DOCTYPE is not allowed';
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`;
  const undefinedEntity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)[^\s;]*;?/.exec(xml);
  if (undefinedEntity) return `not well-formed XML: undefined entity ${undefinedEntity[0]}`;
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    return `not well-formed XML: ${(e as Error).message}`;
  }
  for (const kind of ['Invoice', 'CreditNote'] as const) {
    const root = (doc[kind] as XmlNode[] | undefined)?.[0];
    if (root !== undefined) return { kind, root };
  }
  return 'the root element is neither Invoice nor CreditNote';
}

/**
 * Checks a UBL Invoice or CreditNote against the subset of the Peppol BIS Billing 3.0 rules listed
 * in docs/peppol.md. Elements are matched by local name. An empty list: the document passes them.
 */
export function checkUblInvoice(xml: string): PeppolRuleViolation[] {
  const parsed = parseDocument(xml);
  if (typeof parsed === 'string') return [{ rule: 'XML', message: parsed }];
  const { kind, root } = parsed;
  const out: PeppolRuleViolation[] = [];
  const report = (rule: string, message: string) => out.push({ rule, message });
  /** An amount in cents; undefined when missing or unreadable (the latter reported as BR-DEC). */
  const amountOf = (node: XmlNode | undefined, where: string): bigint | undefined => {
    const value = text(node);
    if (value === undefined) return undefined;
    const c = parseAmount(value);
    if (c === null) {
      report('BR-DEC', `${where} "${value}" is not an amount with at most two decimals`);
      return undefined;
    }
    return c;
  };

  // Document level
  const customization = text(kid(root, 'CustomizationID'));
  if (!customization) report('BR-01', 'An Invoice shall have a Specification identifier (cbc:CustomizationID).');
  else if (customization !== PEPPOL_CUSTOMIZATION_ID) report('PEPPOL-EN16931-R004', `Specification identifier must be ${PEPPOL_CUSTOMIZATION_ID}, got ${customization}.`);
  const profile = text(kid(root, 'ProfileID'));
  if (!profile) report('PEPPOL-EN16931-R001', 'Business process (cbc:ProfileID) must be provided.');
  else if (!/^urn:fdc:peppol\.eu:2017:poacc:billing:\d\d:1\.0$/.test(profile)) report('PEPPOL-EN16931-R007', `Business process must be urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0, got ${profile}.`);
  if (!filled(kid(root, 'ID'))) report('BR-02', 'An Invoice shall have an Invoice number (cbc:ID).');
  const issueDate = text(kid(root, 'IssueDate'));
  if (!issueDate) report('BR-03', 'An Invoice shall have an Invoice issue date (cbc:IssueDate).');
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(issueDate)) report('BR-03', `Invoice issue date must be YYYY-MM-DD, got ${issueDate}.`);
  const typeCode = kind === 'Invoice' ? 'InvoiceTypeCode' : 'CreditNoteTypeCode';
  if (!filled(kid(root, typeCode))) report('BR-04', `An Invoice shall have an Invoice type code (cbc:${typeCode}).`);
  const currency = text(kid(root, 'DocumentCurrencyCode'));
  if (!currency) report('BR-05', 'An Invoice shall have an Invoice currency code (cbc:DocumentCurrencyCode).');
  if (!filled(kid(root, 'BuyerReference')) && !filled(kid(root, 'OrderReference', 'ID'))) {
    report('PEPPOL-EN16931-R003', 'A buyer reference (cbc:BuyerReference) or purchase order reference (cac:OrderReference/cbc:ID) must be provided.');
  }

  // Parties
  const seller = kid(root, 'AccountingSupplierParty', 'Party');
  const buyer = kid(root, 'AccountingCustomerParty', 'Party');
  if (!filled(kid(seller, 'PartyLegalEntity', 'RegistrationName'))) report('BR-06', 'An Invoice shall contain the Seller name (cac:PartyLegalEntity/cbc:RegistrationName).');
  if (!filled(kid(buyer, 'PartyLegalEntity', 'RegistrationName'))) report('BR-07', 'An Invoice shall contain the Buyer name (cac:PartyLegalEntity/cbc:RegistrationName).');
  if (!has(kid(seller, 'PostalAddress'))) report('BR-08', 'An Invoice shall contain the Seller postal address (cac:PostalAddress).');
  else if (!filled(kid(seller, 'PostalAddress', 'Country', 'IdentificationCode'))) report('BR-09', 'The Seller postal address shall contain a Seller country code.');
  if (!has(kid(buyer, 'PostalAddress'))) report('BR-10', 'An Invoice shall contain the Buyer postal address (cac:PostalAddress).');
  else if (!filled(kid(buyer, 'PostalAddress', 'Country', 'IdentificationCode'))) report('BR-11', 'The Buyer postal address shall contain a Buyer country code.');
  const sellerEndpoint = kid(seller, 'EndpointID');
  if (!filled(sellerEndpoint)) report('PEPPOL-EN16931-R020', 'Seller electronic address (cbc:EndpointID) must be provided.');
  else if (!attr(sellerEndpoint, 'schemeID')) report('BR-62', 'The Seller electronic address shall have a Scheme identifier.');
  const buyerEndpoint = kid(buyer, 'EndpointID');
  if (!filled(buyerEndpoint)) report('PEPPOL-EN16931-R010', 'Buyer electronic address (cbc:EndpointID) must be provided.');
  else if (!attr(buyerEndpoint, 'schemeID')) report('BR-63', 'The Buyer electronic address shall have a Scheme identifier.');

  // Totals
  const totals = kid(root, 'LegalMonetaryTotal');
  const lineExtension = amountOf(kid(totals, 'LineExtensionAmount'), 'LineExtensionAmount');
  const taxExclusive = amountOf(kid(totals, 'TaxExclusiveAmount'), 'TaxExclusiveAmount');
  const taxInclusive = amountOf(kid(totals, 'TaxInclusiveAmount'), 'TaxInclusiveAmount');
  const payable = amountOf(kid(totals, 'PayableAmount'), 'PayableAmount');
  if (!has(kid(totals, 'LineExtensionAmount'))) report('BR-12', 'An Invoice shall have the Sum of Invoice line net amount (cbc:LineExtensionAmount).');
  if (!has(kid(totals, 'TaxExclusiveAmount'))) report('BR-13', 'An Invoice shall have the Invoice total amount without VAT (cbc:TaxExclusiveAmount).');
  if (!has(kid(totals, 'TaxInclusiveAmount'))) report('BR-14', 'An Invoice shall have the Invoice total amount with VAT (cbc:TaxInclusiveAmount).');
  if (!has(kid(totals, 'PayableAmount'))) report('BR-15', 'An Invoice shall have the Amount due for payment (cbc:PayableAmount).');
  const optionalTotal = (name: string) => (has(kid(totals, name)) ? amountOf(kid(totals, name), name) : 0n);
  const allowanceTotal = optionalTotal('AllowanceTotalAmount');
  const chargeTotal = optionalTotal('ChargeTotalAmount');
  const prepaid = optionalTotal('PrepaidAmount');
  const rounding = optionalTotal('PayableRoundingAmount');

  // Lines
  const lineTag = kind === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine';
  const quantityTag = kind === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity';
  const lines = kids(root, lineTag);
  if (lines.length === 0) report('BR-16', `An Invoice shall have at least one Invoice line (cac:${lineTag}).`);
  let lineSum: bigint | undefined = 0n;
  const lineTax: Array<{ category: string; percent: Percent | null; amount: bigint | undefined }> = [];
  for (const [i, line] of lines.entries()) {
    const where = `${lineTag} ${i + 1}`;
    if (!filled(kid(line, 'ID'))) report('BR-21', `${where}: each Invoice line shall have an Invoice line identifier.`);
    const quantity = kid(line, quantityTag);
    if (!filled(quantity)) report('BR-22', `${where}: each Invoice line shall have an Invoiced quantity (cbc:${quantityTag}).`);
    else if (!attr(quantity, 'unitCode')) report('BR-23', `${where}: an Invoice line shall have an Invoiced quantity unit of measure code (@unitCode).`);
    const amount = amountOf(kid(line, 'LineExtensionAmount'), `${where} LineExtensionAmount`);
    if (!has(kid(line, 'LineExtensionAmount'))) report('BR-24', `${where}: each Invoice line shall have an Invoice line net amount (cbc:LineExtensionAmount).`);
    if (!filled(kid(line, 'Item', 'Name'))) report('BR-25', `${where}: each Invoice line shall contain the Item name (cac:Item/cbc:Name).`);
    if (!filled(kid(line, 'Price', 'PriceAmount'))) report('BR-26', `${where}: each Invoice line shall contain the Item net price (cac:Price/cbc:PriceAmount).`);
    lineSum = amount === undefined || lineSum === undefined ? undefined : lineSum + amount;
    const category = kid(line, 'Item', 'ClassifiedTaxCategory');
    lineTax.push({ category: text(kid(category, 'ID')) ?? '', percent: parsePercent(text(kid(category, 'Percent'))), amount });
  }
  if (lines.length > 0 && lineSum !== undefined && lineExtension !== undefined && lineSum !== lineExtension) {
    report('BR-CO-10', `Sum of Invoice line net amounts ${formatCents(lineSum)} differs from LineExtensionAmount ${formatCents(lineExtension)}.`);
  }
  if (lineExtension !== undefined && taxExclusive !== undefined && allowanceTotal !== undefined && chargeTotal !== undefined) {
    const expected = lineExtension - allowanceTotal + chargeTotal;
    if (taxExclusive !== expected) report('BR-CO-13', `TaxExclusiveAmount ${formatCents(taxExclusive)} must be LineExtensionAmount − allowances + charges = ${formatCents(expected)}.`);
  }

  // VAT
  const taxTotals = kids(root, 'TaxTotal');
  let documentTax: bigint | undefined = 0n;
  for (const [i, taxTotal] of taxTotals.entries()) {
    const amountNode = kid(taxTotal, 'TaxAmount');
    const total = amountOf(amountNode, `TaxTotal ${i + 1} TaxAmount`);
    if (attr(amountNode, 'currencyID') === currency) documentTax = total;
    const subtotals = kids(taxTotal, 'TaxSubtotal');
    if (subtotals.length === 0) continue;
    let sum: bigint | undefined = 0n;
    for (const [j, sub] of subtotals.entries()) {
      const where = `TaxSubtotal ${j + 1}`;
      const taxable = amountOf(kid(sub, 'TaxableAmount'), `${where} TaxableAmount`);
      const tax = amountOf(kid(sub, 'TaxAmount'), `${where} TaxAmount`);
      sum = sum === undefined || tax === undefined ? undefined : sum + tax;
      const categoryId = text(kid(sub, 'TaxCategory', 'ID')) ?? '';
      const percent = parsePercent(text(kid(sub, 'TaxCategory', 'Percent')));
      if (taxable !== undefined && tax !== undefined && percent !== null && categoryId !== 'O') {
        const expected = percentOf(taxable, percent);
        if (tax !== expected) report('BR-CO-17', `${where}: VAT amount ${formatCents(tax)} must be taxable amount × rate / 100 rounded = ${formatCents(expected)}.`);
      }
      if (categoryId === 'S' && percent !== null) {
        const sameRate = (c: string, p: Percent | null) => c === 'S' && p !== null && samePercent(p, percent);
        let base: bigint | undefined = 0n;
        for (const l of lineTax) if (sameRate(l.category, l.percent)) base = base === undefined || l.amount === undefined ? undefined : base + l.amount;
        for (const ac of kids(root, 'AllowanceCharge')) {
          if (!sameRate(text(kid(ac, 'TaxCategory', 'ID')) ?? '', parsePercent(text(kid(ac, 'TaxCategory', 'Percent'))))) continue;
          const acAmount = amountOf(kid(ac, 'Amount'), 'AllowanceCharge Amount');
          const isCharge = text(kid(ac, 'ChargeIndicator')) === 'true';
          base = base === undefined || acAmount === undefined ? undefined : base + (isCharge ? acAmount : -acAmount);
        }
        if (taxable !== undefined && base !== undefined && taxable !== base) {
          report('BR-S-08', `${where}: taxable amount ${formatCents(taxable)} at standard rate ${text(kid(sub, 'TaxCategory', 'Percent'))} must be the sum of that rate's line amounts, charges and allowances = ${formatCents(base)}.`);
        }
        if (taxable !== undefined && tax !== undefined) {
          // The official rule allows a difference under one currency unit, on absolute values.
          const expected = percentOf(taxable < 0n ? -taxable : taxable, percent);
          const diff = (tax < 0n ? -tax : tax) - expected;
          if (diff <= -100n || diff >= 100n) report('BR-S-09', `${where}: standard rated VAT amount ${formatCents(tax)} must be taxable amount × rate / 100 = ${formatCents(expected)}.`);
        }
      }
    }
    if (total !== undefined && sum !== undefined && total !== sum) {
      report('BR-CO-14', `TaxTotal ${i + 1}: TaxAmount ${formatCents(total)} must be the sum of its subtotals' VAT amounts = ${formatCents(sum)}.`);
    }
  }
  if (!taxTotals.some((t) => kids(t, 'TaxSubtotal').length > 0)) report('BR-CO-18', 'An Invoice shall have at least one VAT breakdown (cac:TaxSubtotal).');
  if (taxExclusive !== undefined && taxInclusive !== undefined && documentTax !== undefined && taxInclusive !== taxExclusive + documentTax) {
    report('BR-CO-15', `TaxInclusiveAmount ${formatCents(taxInclusive)} must be TaxExclusiveAmount + VAT = ${formatCents(taxExclusive + documentTax)}.`);
  }
  if (taxInclusive !== undefined && payable !== undefined && prepaid !== undefined && rounding !== undefined && payable !== taxInclusive - prepaid + rounding) {
    report('BR-CO-16', `PayableAmount ${formatCents(payable)} must be TaxInclusiveAmount − prepaid + rounding = ${formatCents(taxInclusive - prepaid + rounding)}.`);
  }

  // Every amount in the document currency, except the VAT total in a separate tax currency (BT-111).
  if (currency) {
    const taxCurrency = text(kid(root, 'TaxCurrencyCode'));
    const walk = (node: XmlNode, path: string[]) => {
      if (typeof node === 'string') return;
      const id = attr(node, 'currencyID');
      const isTaxTotalAmount = path.length === 2 && path[0] === 'TaxTotal' && path[1] === 'TaxAmount';
      if (id !== undefined && id !== currency && !(isTaxTotalAmount && taxCurrency && id === taxCurrency)) {
        report('PEPPOL-EN16931-R051', `${path.join('/')}: currencyID ${id} differs from the document currency ${currency}.`);
      }
      for (const [name, value] of Object.entries(node)) {
        if (Array.isArray(value)) for (const child of value as XmlNode[]) walk(child, [...path, name]);
      }
    };
    walk(root, []);
  }

  if (payable !== undefined && payable > 0n) {
    const dueDate = (kind === 'Invoice' && filled(kid(root, 'DueDate'))) || kids(root, 'PaymentMeans').some((m) => filled(kid(m, 'PaymentDueDate')));
    const terms = kids(root, 'PaymentTerms').some((t) => filled(kid(t, 'Note')));
    if (!dueDate && !terms) report('BR-CO-25', 'A positive Amount due for payment needs a Payment due date or Payment terms.');
  }
  return out;
}
