import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';
import { SEEDED_APP_TIMEOUT_MS, usageFixture, type UsageFixture } from './usage.fixtures.ts';

/**
 * Exports speak the user's language (DESIGN §9, INV-6): the caveat, the data dictionary (heading
 * and each column's meaning) and the section and sheet titles are in the first of nl, fr and en
 * that the request's Accept-Language names (by quality), English without it; the column headers
 * stay the same machine names in every language (scripts read them).
 */
const CAVEAT = {
  en: 'The official invoice prevails over the figures in this export.',
  fr: 'La facture officielle prévaut sur les chiffres de cet export.',
  nl: 'De officiële factuur heeft voorrang op de cijfers in deze export.',
} as const;
const CALL_DETAIL_ID = {
  en: 'callDetailId: reference of the call detail (to quote in a dispute)',
  fr: 'callDetailId: référence du détail d’appel (à citer dans une contestation)',
  nl: 'callDetailId: referentie van het gespreksdetail (te vermelden bij een betwisting)',
} as const;
const CALL_DETAIL_HEADER = 'startedAt;msisdn;type;destination;durationS;volumeKb;standardPriceEur;billedPriceEur;callDetailId';
const ICCID = {
  en: 'iccid: number of the SIM card',
  fr: 'iccid: numéro de la carte SIM',
  nl: 'iccid: nummer van de simkaart',
} as const;
const SIM_HEADER = 'msisdn;iccid;status;endUser;costCentreCode;costCentreName;billingAccount;tariffPlanCode;tariffPlanName;'
  + 'options;clir;premiumBarring;euDataCutoffOptOut;contractStart;initialTermEnd';

let t: TestApp;
let f: UsageFixture;
let owner: ApiClient;

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(new Date('2026-11-02T10:00:00Z'));
  f = await usageFixture(t.database.db);
  owner = await signedIn(t.url, 'owner@acme.test');
}, SEEDED_APP_TIMEOUT_MS);
afterAll(async () => t?.close());

const callDetailsUrl = (query = '') => `/api/v1/customers/${f.acme}/invoices/${f.invoices.sep}/call-details/export${query}`;
const simsUrl = (query = '') => `/api/v1/customers/${f.acme}/sims/export${query}`;
const expiringUrl = (query = '') => `/api/v1/customers/${f.acme}/exports/expiring${query}`;

/** A download, with Accept-Language when given. */
async function download(path: string, acceptLanguage?: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const headers: Record<string, string> = { authorization: `Bearer ${owner.token}` };
  if (acceptLanguage !== undefined) headers['accept-language'] = acceptLanguage;
  const res = await fetch(t.url + path, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The lines of a CSV export (BOM and CRLF checked), the `#` lines without their mark. */
async function csvOf(path: string, acceptLanguage?: string): Promise<{ comments: string[]; lines: string[]; contentLanguage: string | null }> {
  const res = await download(path, acceptLanguage);
  expect(res.status).toBe(200);
  expect(res.headers.get('vary')).toMatch(/accept-language/i);
  const text = res.bytes.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const lines = text.slice(1).split('\r\n');
  return { comments: lines.filter((l) => l.startsWith('# ')).map((l) => l.slice(2)), lines, contentLanguage: res.headers.get('content-language') };
}

describe('call details export in the language of Accept-Language', () => {
  it.each([
    ['fr-BE,fr;q=0.9', 'fr'],
    ['nl', 'nl'],
    [undefined, 'en'],
    // The first of nl, fr and en by quality, whatever comes before it; none of them: English.
    ['de-DE,de;q=0.9,nl-BE;q=0.8,fr;q=0.7', 'nl'],
    ['de-DE,es;q=0.5', 'en'],
  ] as const)('Accept-Language %j: caveat and dictionary in %s, the header unchanged', async (acceptLanguage, language) => {
    const csv = await csvOf(callDetailsUrl(), acceptLanguage);
    expect(csv.contentLanguage).toBe(language);
    expect(csv.comments[0]).toBe(CAVEAT[language]);
    expect(csv.comments).toContain(CALL_DETAIL_ID[language]);
    expect(csv.lines).toContain(CALL_DETAIL_HEADER);
  });

  it('XLSX in French: caveat, sheet titles and dictionary in French, the header row unchanged', async () => {
    const res = await download(callDetailsUrl('?format=xlsx'), 'fr-BE,fr;q=0.9');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe('fr');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Détails des appels', 'Dictionnaire des données']);
    const sheet = workbook.getWorksheet('Détails des appels')!;
    expect(sheet.getCell('A1').value).toBe(CAVEAT.fr);
    expect((sheet.getRow(3).values as unknown[]).slice(1).join(';')).toBe(CALL_DETAIL_HEADER);
    const dictionary = workbook.getWorksheet('Dictionnaire des données')!;
    expect(dictionary.getCell('A1').value).toBe(CAVEAT.fr);
    const rows: string[] = [];
    dictionary.eachRow((row) => rows.push((row.values as unknown[]).slice(1).join(': ')));
    expect(rows).toContain('Colonne: Signification');
    expect(rows).toContain(CALL_DETAIL_ID.fr);
  });
});

describe('SIM export in the language of Accept-Language', () => {
  it.each([
    ['fr-BE,fr;q=0.9', 'fr', 'Dictionnaire des données (colonne : signification). Dates au format AAAA-MM-JJ.'],
    ['nl', 'nl', 'Gegevenswoordenboek (kolom: betekenis). Datums als JJJJ-MM-DD.'],
    [undefined, 'en', 'Data dictionary (column: meaning). Dates as YYYY-MM-DD.'],
  ] as const)('Accept-Language %j: dictionary in %s, no caveat, the header unchanged', async (acceptLanguage, language, heading) => {
    const csv = await csvOf(simsUrl(), acceptLanguage);
    expect(csv.comments[0]).toBe(heading);
    expect(csv.comments).toContain(ICCID[language]);
    expect(csv.comments.some((c) => Object.values(CAVEAT).includes(c as never))).toBe(false);
    expect(csv.lines).toContain(SIM_HEADER);
  });
});

describe('expiring export in the language of Accept-Language', () => {
  it.each([
    ['fr-BE,fr;q=0.9', 'fr', ['Factures', 'Lignes de facture', 'Détails des appels', 'Factures en PDF']],
    ['nl', 'nl', ['Facturen', 'Factuurregels', 'Gespreksdetails', 'Facturen in pdf']],
    [undefined, 'en', ['Invoices', 'Invoice lines', 'Call details', 'Invoice PDFs']],
  ] as const)('Accept-Language %j: caveat, section titles and dictionary in %s', async (acceptLanguage, language, titles) => {
    const csv = await csvOf(expiringUrl(), acceptLanguage);
    expect(csv.comments[0]).toBe(CAVEAT[language]);
    expect(csv.comments.filter((c) => (titles as readonly string[]).includes(c))).toEqual(titles);
    expect(csv.comments).toContain(`${titles[2]} / ${CALL_DETAIL_ID[language]}`);
    expect(csv.lines).toContain(`invoiceNumber;${CALL_DETAIL_HEADER};availableUntil`);
  });

  it('XLSX in Dutch: one sheet per part and the dictionary, titled in Dutch, each with the caveat', async () => {
    const res = await download(expiringUrl('?format=xlsx'), 'nl-BE');
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Facturen', 'Factuurregels', 'Gespreksdetails', 'Facturen in pdf', 'Gegevenswoordenboek']);
    for (const sheet of workbook.worksheets) expect(sheet.getCell('A1').value, sheet.name).toBe(CAVEAT.nl);
  });
});
