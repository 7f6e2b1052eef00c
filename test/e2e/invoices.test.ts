import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addMonths, brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { formatMsisdn } from '@mandate/domain/msisdn';
import { csvRowCounter } from '../../web/src/features/invoices/api/stream-export.ts';
import { invoicesEn } from '../../web/src/features/invoices/i18n/invoices-en.ts';
import { invoicesFr } from '../../web/src/features/invoices/i18n/invoices-fr.ts';
import { invoicesNl } from '../../web/src/features/invoices/i18n/invoices-nl.ts';
import type { InvoiceListResponse, OperatorDisputeListResponse } from '@mandate/contracts/invoices';
import { eur, formatMoney } from '@mandate/domain/money';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowserContext, languageContext, launchBrowser, pick, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: My invoice online. The financial manager filters the invoices, opens one, downloads its
 * PDF, disputes a line and exports its call details (with progress), follows the call credits and
 * narrows the unbilled usage to one mobile number; the Access Owner narrows it to one SIM card;
 * the operator answers the dispute; the Access Manager finds no invoices anywhere; the Service
 * User sees only his own line.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
/** The latest invoice of ACME-0002: issued on the 1st of the seed's month, still within its dispute window. */
let latest: { id: string; number: string };
let employeeMsisdn: string;
let employeeSimId: string;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  const db = t.database.db;
  acme = (await db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  latest = await db.selectFrom('invoices as i').innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
    .select(['i.id', 'i.number']).where('i.customer_id', '=', acme).where('ba.number', '=', 'ACME-0002').orderBy('i.issue_date', 'desc').limit(1).executeTakeFirstOrThrow();
  ({ msisdn: employeeMsisdn, id: employeeSimId } = await db.selectFrom('sims as s').innerJoin('users as u', 'u.id', 's.end_user_id')
    .select(['s.msisdn', 's.id']).where('u.email', '=', 'employee@acme.test').executeTakeFirstOrThrow());
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/**
 * inBrowser in English, the browser's clock showing the app's (the seed's) day: dispute windows and
 * the months offered are decided from the browser's date, as a user's would be.
 */
async function inBrowserOnAppDay(name: string, body: (page: Page) => Promise<void>): Promise<void> {
  await inBrowserContext(browser, name, async (context) => {
    await context.clock.setFixedTime(t.clock.now());
    await body(await context.newPage());
  });
}

/** In-app navigation to `path` (a reload would lose the refresh cookie: the app's clock lies behind the real one). */
async function goInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** The server answers a filtered, totalled list in its own time: polls wait for it. */
const WAIT = { timeout: 15_000 };

const rows = (page: Page) => page.getByTestId('invoices-table').getByTestId('invoice-link');

/** An amount as shown, always with two decimals ("€1,234.56", "-€3.00"), in cents. */
const cents = (text: string) => (/[-−]/.test(text) ? -1 : 1) * Number(text.replace(/\D/g, ''));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the texts of My invoice online', () => {
  const catalogues = { nl: invoicesNl, fr: invoicesFr, en: invoicesEn } as const;
  // As test/e2e/glossary.test.ts for the portal's catalogues: no rule id, no word the glossary replaced.
  const RULE_ID = /\b(ROLE|DLG|ACC|INV|INS|PFM|MOB|EBL|RET|PRIV|IDV|SEC|OPS)-\d|\b(Regel|Règle|Rule) \d/;
  const NOT_GLOSSARY = {
    nl: [/facturatieaccount/i, /SIM-nummer/i, /mobiele nummers?/i, /kostencentr/i, /geschorst/i],
    fr: [/numéro de SIM/i, /numéros mobiles/i, /périmètre/i, /centre de coût\b/i],
    en: [/cost center/i, /SIM number/i],
  } as const;
  const GLOSSARY = {
    nl: ['factuur', 'gespreksdetails', 'nog niet gefactureerd verbruik', 'betwisting', 'facturatierekening', 'facturatieperiode', 'simkaart', 'gsm-nummer'],
    fr: ['facture', 'détails des appels', 'consommation non facturée', 'contestation', 'compte de facturation', 'période de facturation', 'carte sim', 'numéro de gsm'],
    en: ['invoice', 'call details', 'unbilled usage', 'dispute', 'billing account', 'billing period', 'sim card', 'mobile number'],
  } as const;

  it.each(['nl', 'fr', 'en'] as const)('%s: no rule id, no replaced word, and the glossary\'s words', (language) => {
    const entries = Object.entries(catalogues[language]);
    expect(entries.filter(([, value]) => RULE_ID.test(value))).toEqual([]);
    expect(entries.flatMap(([key, value]) => NOT_GLOSSARY[language].filter((w) => w.test(value)).map((w) => `${key}: ${String(w)}`))).toEqual([]);
    const all = entries.map(([, value]) => value.toLowerCase()).join('\n');
    expect(GLOSSARY[language].filter((word) => !all.includes(word))).toEqual([]);
  });

  it('counts the data rows of a CSV export as it streams in: not the BOM, the # lines or the header', () => {
    const bytes = new TextEncoder().encode('\uFEFF# The official invoice prevails\r\n# column: meaning\r\nstart;msisdn\r\n2026-10-01;+32470\r\n2026-10-02;+32470\r\n');
    const count = csvRowCounter();
    // Fed in pieces cut anywhere, even inside the BOM.
    let rows = 0;
    for (let i = 0; i < bytes.length; i += 2) rows = count(bytes.subarray(i, i + 2));
    expect(rows).toBe(2);
  });
});

describe.skipIf(!chromiumPath)('browser: My invoice online (INV-1..9)', () => {
  it('finance filters the invoices, opens one, downloads its PDF, disputes a line and exports its call details', { timeout: 180_000 }, async () => {
    await inBrowserOnAppDay('invoices-finance', async (page) => {
      await signIn(page, t.url, 'finance@acme.test');
      await page.getByTestId('nav-invoices').click();
      await page.getByTestId('invoices-table').waitFor();
      await expect.poll(() => rows(page).count(), WAIT).toBeGreaterThan(0);
      await page.getByTestId('invoice-caveat').waitFor();
      // The totals of the filtered set (three accounts × 12 months at least).
      await expect.poll(async () => Number((await page.getByTestId('invoices-total-count').innerText()).replace(/\D/g, '')), WAIT).toBeGreaterThanOrEqual(36);
      // The amounts are those of the 12 months; the fixed-service invoices kept as a PDF only are said to be left out.
      const { totals } = (await (await signedIn(t.url, 'finance@acme.test')).get<InvoiceListResponse>(`/api/v1/customers/${acme}/invoices`)).body;
      expect(totals.pdfOnlyCount).toBeGreaterThan(0);
      expect(await page.getByTestId('invoices-totals-pdf-only').innerText()).toBe(invoicesEn['invoices.totals.pdfOnly'].replace('{count}', String(totals.pdfOnlyCount)));
      expect((await page.getByTestId('invoices-total-excl').innerText()).replace(/\D/g, '')).toBe(String(totals.amountExclVatCents));

      // Overdue only: every row is overdue and shows what is owed, late-payment fee included (INV-9).
      await pick(page, 'filter-status', 'Overdue');
      await expect.poll(() => new URL(page.url()).searchParams.get('status'), WAIT).toBe('overdue');
      await expect.poll(async () => (await page.getByTestId('invoice-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).join(','), WAIT).toMatch(/^overdue(,overdue)*$/);
      await expect.poll(() => page.getByTestId('invoice-owed').first().innerText(), WAIT).toMatch(/late-payment fee/);
      expect(await page.getByTestId('invoices-total-owed').innerText()).toMatch(/€/);

      // An amount filter that is no amount is refused on the spot, before any request.
      await page.getByTestId('filter-min-amount').fill('12,3,4');
      await page.getByTestId('filter-min-amount').press('Enter');
      await page.getByTestId('invoices-filter-invalid').waitFor();
      await page.getByText('Enter an amount such as 125.50').waitFor();
      await page.getByTestId('filter-reset').click();
      await expect.poll(() => new URL(page.url()).search, WAIT).toBe('');
      // Reset, the field is empty too.
      await expect.poll(() => page.getByTestId('filter-min-amount').inputValue(), WAIT).toBe('');
      // An amount with its thousands grouped, as English writes them, filters once typing rests, without Enter.
      await page.getByTestId('filter-min-amount').fill('1,000');
      await expect.poll(() => new URL(page.url()).searchParams.get('min'), WAIT).toBe('1,000');
      await expect.poll(async () => (await page.getByTestId('invoice-amount').allInnerTexts()).every((a) => Number(a.replace(/[^\d.]/g, '')) >= 1000), WAIT).toBe(true);
      expect(await page.getByTestId('invoices-filter-invalid').count()).toBe(0);
      await page.getByTestId('filter-reset').click();
      await expect.poll(() => new URL(page.url()).search, WAIT).toBe('');
      // Reset, the field is empty too, and stays so.
      await expect.poll(() => page.getByTestId('filter-min-amount').inputValue(), WAIT).toBe('');
      await page.waitForTimeout(1_000);
      expect(new URL(page.url()).search).toBe('');

      // ACME-0002, newest first: the latest invoice leads; sorting by amount goes through the server.
      await pick(page, 'filter-billing-account', /ACME-0002/);
      await expect.poll(() => rows(page).first().innerText(), WAIT).toBe(latest.number);
      await page.getByTestId('sort-amount').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sort'), WAIT).toBe('amount:asc');
      const amounts = async () => (await page.getByTestId('invoice-amount').allInnerTexts()).map((a) => Number(a.replace(/[^\d.]/g, '')));
      await expect.poll(async () => { const a = await amounts(); return a.length > 1 && a.every((v, i) => i === 0 || a[i - 1]! <= v); }, WAIT).toBe(true);
      await page.getByTestId('sort-issueDate').click();
      await page.getByTestId('sort-issueDate').click();
      await expect.poll(() => rows(page).first().innerText(), WAIT).toBe(latest.number);

      // Open it: the caveat, the lines grouped by SIM and by type of charge, available until.
      await rows(page).first().click();
      await page.getByTestId('invoice-detail').waitFor();
      await page.getByTestId('invoice-caveat').getByText('The official invoice prevails').waitFor();
      await page.getByTestId('invoice-lines').waitFor();
      // A rate as English writes it: "21%", as every percentage on the screens.
      const rates = await page.getByTestId('invoice-lines').locator('td[data-label="VAT rate"]').allTextContents();
      expect(rates.length).toBeGreaterThan(0);
      for (const rate of rates) expect(rate).toMatch(/^\d+(\.\d+)?%$/);
      // RET-1: its billing data stays for 12 months after its period: the last day shown is the period's last day a year on.
      const { period_end: periodEnd } = await t.database.db.selectFrom('invoices').select('period_end').where('id', '=', latest.id).executeTakeFirstOrThrow();
      const [y, m, d] = String(periodEnd).split('-').map(Number) as [number, number, number];
      const lastDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y + 1, m - 1, d));
      expect(await page.getByTestId('invoice-available-until').innerText()).toBe(lastDay);
      // Its period is one calendar month, named as such.
      expect(await page.getByTestId('invoice-period').innerText()).toBe(new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1)));
      await page.getByTestId('invoice-grouping').getByText('By type of charge').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('group'), WAIT).toBe('type');

      // Its PDF.
      const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('invoice-download-pdf').click()]);
      expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
      expect(readFileSync(await pdf.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

      // Dispute one line (INV-7): the deadline is said, the undisputed amount stays due.
      expect(await page.getByTestId('dispute-window').innerText()).toMatch(/You can dispute this invoice until/);
      await page.getByTestId('invoice-dispute').click();
      await page.getByRole('dialog').waitFor();
      expect(await page.getByTestId('dispute-deadline').innerText()).toMatch(/within 30 days/);
      // Focus starts on the first choice, what is disputed, not on the reason below it.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('dispute-scope-whole');
      await page.getByTestId('dispute-scope-lines').check();
      await page.getByTestId('dispute-submit').click();
      await page.getByText('Choose at least one line.').waitFor();
      await page.getByText('Give the reason of the dispute.').waitFor();
      const line = page.locator('[data-testid^="dispute-line-"]').first();
      const lineNo = Number((await line.getAttribute('data-testid'))!.replace('dispute-line-', ''));
      await line.check();
      await page.getByTestId('dispute-reason').fill('This roaming charge was not ours.');
      await page.getByTestId('dispute-detailed-invoice').check();
      await page.getByTestId('dispute-submit').click();
      await page.getByTestId('dispute-sent').waitFor();
      await page.getByTestId('invoice-undisputed').waitFor();
      await expect.poll(() => page.getByTestId('invoice-detail').getByTestId('invoice-status').getAttribute('data-status'), WAIT).toBe('disputed');
      await page.getByTestId(`invoice-line-${lineNo}`).getByTestId('line-disputed').waitFor();
      await page.getByTestId('dispute-history').getByText('This roaming charge was not ours.').waitFor();
      const dispute = await t.database.db.selectFrom('disputes').select(['id', 'detailed_invoice', 'status']).where('invoice_id', '=', latest.id).executeTakeFirstOrThrow();
      expect(dispute).toMatchObject({ detailed_invoice: true, status: 'open' });

      // Its call details: a virtualised table loading further pages, filters, and the export with its progress.
      await page.getByTestId('invoice-call-details').click();
      await page.getByTestId('call-details-page').waitFor();
      await expect.poll(() => page.getByTestId('call-detail-row').count(), WAIT).toBeGreaterThan(0);
      await page.getByText(/the oldest shown are available until/).first().waitFor();
      await pick(page, 'filter-type', /^National calls$/);
      await expect.poll(() => new URL(page.url()).searchParams.get('type'), WAIT).toBe('national_voice');
      await expect.poll(async () => {
        const types = await page.getByTestId('call-detail-row').locator('td:nth-child(3)').allInnerTexts();
        return types.length > 0 && types.every((type) => type === 'National calls');
      }, WAIT).toBe(true);
      // The destination prefix filters as it is typed: no Enter, the field still focused.
      await page.getByTestId('filter-destination').fill('+99');
      await expect.poll(() => new URL(page.url()).searchParams.get('dest'), WAIT).toBe('+99');
      await expect.poll(() => page.getByTestId('call-detail-row').count(), WAIT).toBe(0);
      await page.getByTestId('filter-destination').fill('');
      await expect.poll(() => new URL(page.url()).searchParams.get('dest'), WAIT).toBeFalsy();
      await expect.poll(() => page.getByTestId('call-detail-row').count(), WAIT).toBeGreaterThan(0);

      // Note every state the export panel goes through: the progress shows while the file streams in.
      await page.evaluate(() => {
        const seen = new Set<string>();
        (window as unknown as { exportStates: Set<string> }).exportStates = seen;
        new MutationObserver(() => {
          const state = document.querySelector('[data-testid="call-details-export-progress"]')?.getAttribute('data-state');
          if (state) seen.add(state);
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      });
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('call-details-export-csv').click()]);
      await page.getByTestId('call-details-export-done').waitFor();
      expect(await page.evaluate(() => [...(window as unknown as { exportStates: Set<string> }).exportStates])).toEqual(['running', 'done']);
      const progress = await page.getByTestId('call-details-export-progress-text').innerText();
      const [, done, total] = /([\d,]+) of ([\d,]+) rows/.exec(progress) ?? [];
      expect(done).toBe(total);
      const text = readFileSync(await csv.path(), 'utf8').replace(/^\uFEFF/, '');
      const lines = text.split(/\r?\n/).filter((l) => l !== '');
      expect(lines[0]).toMatch(/^#/);
      expect(text).toMatch(/official invoice prevails/i);
      const data = lines.filter((l) => !l.startsWith('#')).slice(1);
      expect(data.length).toBe(Number(total!.replace(/,/g, '')));
      expect(data.length).toBeGreaterThan(0);

      // The dispute is in the list of disputes.
      await page.getByTestId('invoices-tab-disputes').click();
      await page.getByTestId(`dispute-row-${dispute.id}`).waitFor();
    });
  });

  it('the call details of an invoice older than 6 months say when they left, not that they are available', { timeout: 60_000 }, async () => {
    const db = t.database.db;
    // An ACME-0002 invoice whose whole period is more than 6 months back, still within its 12 months.
    const old = await db.selectFrom('invoices as i').innerJoin('billing_accounts as ba', 'ba.id', 'i.billing_account_id')
      .select(['i.id', 'i.period_end']).where('ba.number', '=', 'ACME-0002')
      .where('i.period_end', '<', addMonths(brusselsDate(t.clock.now()), -7)).where('i.period_end', '>', addMonths(brusselsDate(t.clock.now()), -11))
      .orderBy('i.period_end', 'desc').limit(1).executeTakeFirstOrThrow();
    await inBrowserOnAppDay('invoices-calls-gone', async (page) => {
      await signIn(page, t.url, 'finance@acme.test');
      await page.getByTestId('nav-invoices').click();
      await page.getByTestId('invoices-table').waitFor();
      await goInApp(page, `/customers/${acme}/invoices/${old.id}/call-details`);
      await page.getByTestId('call-details-page').waitFor(WAIT);
      const [before] = invoicesEn['invoices.calls.gone'].split('{date}') as [string];
      await page.getByText(before).waitFor(WAIT);
      expect(await page.getByText(/available until/).count()).toBe(0);
      // Nothing to filter or export: it says none are kept, not that none match.
      await page.getByTestId('call-details-empty').getByText(invoicesEn['invoices.calls.goneEmpty']).waitFor(WAIT);
      expect(await page.getByTestId('call-details-export').count()).toBe(0);
      expect(await page.getByTestId('filter-sim').count()).toBe(0);
    });
  });

  it('call details whose first days have left the portal say from which day they are kept', async () => {
    const db = t.database.db;
    const cutoff = addMonths(brusselsDate(t.clock.now()), -6);
    const partly = await db.selectFrom('invoices as i').innerJoin('billing_accounts as ba', 'ba.id', 'i.billing_account_id')
      .select(['i.id']).where('ba.number', '=', 'ACME-0002').where('i.period_start', '<', cutoff).where('i.period_end', '>=', cutoff)
      .executeTakeFirstOrThrow();
    await inBrowserOnAppDay('invoices-calls-partly', async (page) => {
      await signIn(page, t.url, 'finance@acme.test');
      await page.getByTestId('nav-invoices').click();
      await page.getByTestId('invoices-table').waitFor();
      await goInApp(page, `/customers/${acme}/invoices/${partly.id}/call-details`);
      await page.getByTestId('call-details-partly').waitFor(WAIT);
      const [before] = invoicesEn['invoices.calls.partly'].split('{date}') as [string];
      expect(await page.getByTestId('call-details-partly').textContent()).toContain(before);
      await page.getByTestId('call-details-export').waitFor(WAIT);
    });
  });

  it('finance exports what expires in 30 days for the billing account he filtered on, and only for it', { timeout: 90_000 }, async () => {
    await inBrowserOnAppDay('invoices-expiring', async (page) => {
      await signIn(page, t.url, 'finance@acme.test');
      await page.getByTestId('nav-invoices').click();
      await page.getByTestId('invoices-table').waitFor();
      await pick(page, 'filter-billing-account', /^ACME-0002 · /);
      await expect.poll(() => new URL(page.url()).searchParams.get('account'), WAIT).not.toBeNull();
      await page.getByText(invoicesEn['invoices.expiring.hintAccount']).waitFor(WAIT);
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-expiring-xlsx').click()]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await file.path());
      const accounts = new Set<unknown>();
      workbook.getWorksheet('Invoices')!.eachRow((row, n) => { if (n > 3) accounts.add(row.getCell(2).value); });
      // The demo's oldest retained month leaves within 30 days: its invoice is there, of that account only.
      expect([...accounts]).toEqual(['ACME-0002']);
    });
  });

  it('finance follows the call credits of a month and their transfers; the unbilled usage offers him no SIM filter', { timeout: 90_000 }, async () => {
    // The seed grants call credits to four ACME-0001 lines for the seed's month and the three before, and moves some in the previous month.
    const db = t.database.db;
    const thisMonth = `${brusselsDate(t.clock.now()).slice(0, 7)}-01`;
    const lastMonth = addMonths(thisMonth, -1);
    const credits = await db.selectFrom('call_credits as cc').innerJoin('sims as s', 's.id', 'cc.sim_id')
      .select(['s.msisdn', 'cc.granted_cents', 'cc.used_cents']).where('cc.customer_id', '=', acme).where('cc.month', '=', thisMonth).orderBy('s.msisdn').execute();
    expect(credits.length).toBeGreaterThan(0);
    const transfer = await db.selectFrom('call_credit_transfers as tr')
      .innerJoin('sims as f', 'f.id', 'tr.from_sim_id').innerJoin('sims as to', 'to.id', 'tr.to_sim_id')
      .select(['f.msisdn as from', 'to.msisdn as to', 'tr.amount_cents']).where('tr.customer_id', '=', acme)
      .where('tr.transferred_at', '>=', brusselsStartOfDay(lastMonth)).where('tr.transferred_at', '<', brusselsStartOfDay(thisMonth))
      .executeTakeFirstOrThrow();

    await inBrowserOnAppDay('invoices-call-credits', async (page) => {
      await signIn(page, t.url, 'finance@acme.test');
      await page.getByTestId('nav-invoices').click();
      await page.getByTestId('invoices-tab-call-credits').click();
      await page.getByTestId('call-credits-page').waitFor();
      expect(new URL(page.url()).pathname).toBe(`/customers/${acme}/invoices/call-credits`);
      await page.getByTestId('call-credits-page').getByTestId('invoice-caveat').waitFor();

      // This month by default: the credited lines, each with what remains and how much went.
      await expect.poll(() => page.getByTestId('call-credit-msisdn').allInnerTexts(), WAIT).toEqual(credits.map((c) => c.msisdn));
      expect((await page.getByTestId('call-credit-used').allInnerTexts()).map(cents)).toEqual(credits.map((c) => Number(c.used_cents)));
      expect((await page.getByTestId('call-credit-remaining').allInnerTexts()).map(cents)).toEqual(credits.map((c) => Number(c.granted_cents) - Number(c.used_cents)));
      const first = credits[0]!;
      expect(await page.getByRole('progressbar').first().getAttribute('aria-label'))
        .toBe(`${Math.round((Number(first.used_cents) / Number(first.granted_cents)) * 100)}% of the call credit used`);

      // The month before, in the URL: its credits and the transfer between two of the lines.
      await pick(page, 'call-credits-month', new Date(`${lastMonth}T12:00:00Z`).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }));
      await expect.poll(() => new URL(page.url()).searchParams.get('month'), WAIT).toBe(lastMonth.slice(0, 7));
      await page.getByTestId('call-credit-transfer').first().waitFor(WAIT);
      const shown = page.getByTestId('call-credit-transfer').filter({ hasText: transfer.from }).first();
      expect(await shown.getByTestId('call-credit-transfer-from').innerText()).toBe(transfer.from);
      expect(await shown.getByTestId('call-credit-transfer-to').innerText()).toBe(transfer.to);
      expect(cents(await shown.getByTestId('call-credit-transfer-amount').innerText())).toBe(Number(transfer.amount_cents));

      // A financial manager reads usage, not the list of SIM cards: the unbilled usage has no SIM filter for him.
      await page.getByTestId('invoices-tab-unbilled').click();
      await expect.poll(() => page.getByTestId('unbilled-msisdn').count(), WAIT).toBeGreaterThan(0);
      expect(await page.getByTestId('filter-sim').count()).toBe(0);
    });
  });

  it('finance narrows the unbilled usage to one mobile number he types; a number that is none is refused under the field', { timeout: 90_000 }, async () => {
    await inBrowserOnAppDay('invoices-number-filter', async (page) => {
      await signIn(page, t.url, 'finance@acme.test');
      await goInApp(page, `/customers/${acme}/invoices/unbilled`);
      await page.getByTestId('unbilled-page').waitFor();
      // Several lines before the filter: narrowing them means something.
      await expect.poll(async () => new Set(await page.getByTestId('unbilled-msisdn').allInnerTexts()).size, WAIT).toBeGreaterThan(1);
      const shown = await page.getByTestId('unbilled-msisdn').allInnerTexts();
      // Not the first line's: the first rows must not already all be of the chosen one.
      const msisdn = shown[shown.length - 1]!;
      const field = page.getByTestId('filter-number');
      await field.waitFor();
      expect(await page.getByLabel(invoicesEn['invoices.unbilled.number']).count()).toBe(1);

      // Typed as dialled in Belgium; nothing is asked before Enter.
      const national = formatMsisdn(msisdn, 'national');
      await field.fill(national);
      await page.waitForTimeout(300);
      expect(new URL(page.url()).searchParams.get('number')).toBeNull();
      await field.press('Enter');
      await expect.poll(() => new URL(page.url()).searchParams.get('number'), WAIT).toBe(national);
      await expect.poll(async () => {
        const now = await page.getByTestId('unbilled-msisdn').allInnerTexts();
        return now.length > 0 && now.every((m) => m === msisdn);
      }, WAIT).toBe(true);

      // Not a number: said under the field (marked invalid), no rows, no error page.
      await field.fill('0470');
      await field.press('Enter');
      await expect.poll(() => new URL(page.url()).searchParams.get('number'), WAIT).toBe('0470');
      await page.getByText(invoicesEn['invoices.unbilled.numberInvalid']).waitFor(WAIT);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('unbilled-msisdn').count()).toBe(0);
      await page.getByText(invoicesEn['invoices.unbilled.numberFix']).waitFor();

      // Cleared and left (Tab): every line again.
      await field.fill('');
      await field.press('Tab');
      await expect.poll(() => new URL(page.url()).searchParams.get('number'), WAIT).toBeNull();
      await expect.poll(async () => new Set(await page.getByTestId('unbilled-msisdn').allInnerTexts()).size, WAIT).toBeGreaterThan(1);
      expect(await page.getByText(invoicesEn['invoices.unbilled.numberInvalid']).count()).toBe(0);
    });
  });

  it('the Access Owner narrows the unbilled usage to one SIM card, found by its number; the choice stays in the URL', { timeout: 90_000 }, async () => {
    await inBrowserOnAppDay('invoices-sim-filter', async (page) => {
      await signIn(page, t.url, 'owner@acme.test');
      await goInApp(page, `/customers/${acme}/invoices/unbilled`);
      await page.getByTestId('unbilled-page').waitFor();
      // Several lines before the filter: narrowing them means something.
      await expect.poll(async () => new Set(await page.getByTestId('unbilled-msisdn').allInnerTexts()).size, WAIT).toBeGreaterThan(1);

      await page.getByTestId('filter-sim').fill(employeeMsisdn);
      await page.getByRole('option', { name: new RegExp(`^${escapeRegExp(employeeMsisdn)}`) }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sim'), WAIT).toBe(employeeSimId);
      await expect.poll(async () => {
        const shown = await page.getByTestId('unbilled-msisdn').allInnerTexts();
        return shown.length > 0 && shown.every((msisdn) => msisdn === employeeMsisdn);
      }, WAIT).toBe(true);

      // Away and back: the URL brings the filter back, its field showing the number.
      await page.getByTestId('invoices-tab-charges').click();
      await page.getByTestId('charges-page').waitFor();
      await page.goBack();
      await page.getByTestId('unbilled-page').waitFor();
      expect(new URL(page.url()).searchParams.get('sim')).toBe(employeeSimId);
      await expect.poll(() => page.getByTestId('filter-sim').inputValue(), WAIT).toBe(employeeMsisdn);
      await expect.poll(async () => new Set(await page.getByTestId('unbilled-msisdn').allInnerTexts()), WAIT).toEqual(new Set([employeeMsisdn]));

      // Chosen again, it is let go: every line again.
      await page.getByTestId('filter-sim').click();
      await page.getByRole('option', { name: new RegExp(`^${escapeRegExp(employeeMsisdn)}`) }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sim'), WAIT).toBeNull();
      await expect.poll(async () => new Set(await page.getByTestId('unbilled-msisdn').allInnerTexts()).size, WAIT).toBeGreaterThan(1);
    });
  });

  it('the operator answers the dispute in the back office, after confirming; the opener is mailed', { timeout: 90_000 }, async () => {
    const dispute = await t.database.db.selectFrom('disputes').select('id').where('invoice_id', '=', latest.id).executeTakeFirstOrThrow();
    const mailsToFinance = async () => (await t.database.db.selectFrom('mail_outbox').select('id').where('to_address', '=', 'finance@acme.test').execute()).length;
    const before = await mailsToFinance();
    await inBrowserOnAppDay('invoices-operator', async (page) => {
      await signIn(page, t.url, 'operator@mandate.test');
      await page.getByTestId('nav-backoffice').click();
      await page.getByTestId('bo-tab-disputes').click();
      await page.getByTestId(`dispute-answer-${dispute.id}`).click();
      // What is at stake, as the customer's page gives it; the dialog starts on the decision.
      const api = (await (await signedIn(t.url, 'operator@mandate.test')).get<OperatorDisputeListResponse>('/api/v1/operator/disputes?limit=200')).body.items.find((d) => d.id === dispute.id)!;
      const euros = (cents: number) => formatMoney(eur(cents), 'en-BE');
      await expect.poll(() => page.getByTestId('answer-summary').textContent(), WAIT).toContain(`disputed ${euros(api.disputedCents)} incl. VAT · still due ${euros(api.undisputedCents)}`);
      // A disputed line is named with what it is: its number billed and its description.
      expect(api.lines).toHaveLength(1);
      const [line] = api.lines;
      expect(line!.description).toBeTruthy();
      expect(await page.getByTestId('answer-summary').textContent()).toContain(`${line!.lineNo} (${[line!.msisdn, line!.description].filter(Boolean).join(', ')})`);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('answer-status-in_review');
      await page.getByTestId('answer-status-accepted').check();
      await page.getByTestId('answer-review').click();
      await page.getByText('Write the answer the customer receives.').waitFor();
      await page.getByTestId('answer-text').fill('We credit this roaming charge on your next invoice.');
      await page.getByTestId('answer-review').click();
      expect(await page.getByTestId('answer-confirm-text').innerText()).toMatch(/Accepted/);
      // The review step replaced the form and its button: focus stays in the dialog, on the step's action.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), WAIT).toBe('confirm-answer');
      await page.getByTestId('confirm-answer').click();
      await page.getByTestId('answer-done').waitFor();

      const row = await t.database.db.selectFrom('disputes').select(['status', 'answer']).where('id', '=', dispute.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'accepted', answer: 'We credit this roaming charge on your next invoice.' });
      await expect.poll(mailsToFinance, WAIT).toBeGreaterThan(before);
    });
  });

  it.each(['nl', 'fr', 'en'] as const)('%s: the invoice list and an invoice\'s call details fit a 1,366 px screen, every column in view without scrolling sideways', { timeout: 60_000 }, async (language) => {
    const context = await languageContext(browser, language);
    try {
      await context.clock.setFixedTime(t.clock.now());
      const page = await context.newPage();
      await page.setViewportSize({ width: 1366, height: 768 });
      await signIn(page, t.url, 'finance@acme.test');
      await page.getByTestId('nav-invoices').click();
      await expect.poll(() => rows(page).count(), WAIT).toBeGreaterThan(0);
      const fit = await page.getByTestId('invoices-table').evaluate((table) => ({ table: table.scrollWidth, room: table.parentElement!.clientWidth }));
      expect(fit.table).toBeLessThanOrEqual(fit.room);

      // The call details: the billed price in view, no header or value cut off.
      await goInApp(page, `/customers/${acme}/invoices/${latest.id}/call-details`);
      await page.getByTestId('call-detail-row').first().waitFor(WAIT);
      const calls = await page.getByTestId('call-details-table').evaluate((table) => ({
        table: table.scrollWidth, room: table.parentElement!.clientWidth,
        clipped: Array.from(table.querySelectorAll('th, td')).filter((c) => c.scrollWidth > c.clientWidth).map((c) => (c as HTMLElement).innerText),
      }));
      expect(calls.table).toBeLessThanOrEqual(calls.room);
      expect(calls.clipped).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an invoice address whose id is no id is not found, as an invoice out of scope, without asking the API', { timeout: 60_000 }, async () => {
    await inBrowserOnAppDay('invoices-not-an-id', async (page) => {
      const asked: string[] = [];
      page.on('request', (request) => {
        if (/\/api\/v1\/customers\/[^/]+\/invoices\/(?![0-9a-f-]{36}(\/|\?|$))/.test(request.url())) asked.push(request.url());
      });
      await signIn(page, t.url, 'finance@acme.test');
      for (const path of ['invoices/not-a-uuid', `invoices/${latest.id.toUpperCase()}`, `invoices/${latest.id}x/call-details`]) {
        await goInApp(page, `/customers/${acme}/${path}`);
        await page.getByTestId('not-found').waitFor(WAIT);
        expect(await page.getByTestId('invoice-detail').count(), path).toBe(0);
        expect(await page.locator('main').innerText(), path).not.toMatch(/params\.invoiceId|Invalid request/);
      }
      expect(asked).toEqual([]);
    });
  });

  it('the Access Manager finds no invoices anywhere: not in the navigation, not at their address', { timeout: 60_000 }, async () => {
    await inBrowserOnAppDay('invoices-manager', async (page) => {
      await signIn(page, t.url, 'manager@acme.test');
      expect(await page.getByTestId('nav-invoices').count()).toBe(0);
      for (const path of ['invoices', `invoices/${latest.id}`, `invoices/${latest.id}/call-details`, 'invoices/unbilled', 'invoices/charges', 'invoices/call-credits', 'invoices/disputes', 'invoices/documents']) {
        await goInApp(page, `/customers/${acme}/${path}`);
        await page.getByTestId('not-available').waitFor();
        expect(await page.getByTestId('invoices-table').count()).toBe(0);
      }
      // The API agrees.
      const manager = await signedIn(t.url, 'manager@acme.test');
      expect((await manager.get(`/api/v1/customers/${acme}/invoices`)).status).toBe(403);
    });
  });

  it('a fleet manager is not offered My invoice online: he reads his SIM cards\' usage on their pages', { timeout: 60_000 }, async () => {
    await inBrowserOnAppDay('invoices-fleet-manager', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.getByTestId('nav-fleet-manager').waitFor();
      expect(await page.getByTestId('nav-invoices').count()).toBe(0);
      for (const path of ['invoices', 'invoices/unbilled', 'invoices/charges']) {
        await goInApp(page, `/customers/${acme}/${path}`);
        await page.getByTestId('not-available').waitFor();
        expect(await page.getByTestId('unbilled-page').count(), path).toBe(0);
      }
    });
  });

  it('the Service User sees My invoice online with his own line only: his unbilled usage, charges and call credit', { timeout: 90_000 }, async () => {
    await inBrowserOnAppDay('invoices-employee', async (page) => {
      await signIn(page, t.url, 'employee@acme.test');
      await page.getByTestId('nav-invoices').click();
      // No invoices for him: the app opens on his usage, with only the sections his ability allows.
      await page.getByTestId('unbilled-page').waitFor();
      expect(new URL(page.url()).pathname).toBe(`/customers/${acme}/invoices/unbilled`);
      expect(await page.getByTestId('invoices-tab-invoices').count()).toBe(0);
      expect(await page.getByTestId('invoices-tab-disputes').count()).toBe(0);
      await page.getByTestId('invoices-tab-charges').waitFor();
      await page.getByTestId('unbilled-caveat').getByText(/at the earliest 8 hours after the communication/).waitFor();
      await page.getByTestId('unbilled-page').getByTestId('invoice-caveat').waitFor();
      await expect.poll(() => page.getByTestId('unbilled-msisdn').count(), WAIT).toBeGreaterThan(0);
      expect(new Set(await page.getByTestId('unbilled-msisdn').allInnerTexts())).toEqual(new Set([employeeMsisdn]));
      // The SIM filter offers his line, and no other.
      await page.getByTestId('filter-sim').click();
      await expect.poll(async () => (await page.getByRole('option').allInnerTexts()).map((text) => text.split('\n')[0]), WAIT).toEqual([employeeMsisdn]);
      await page.keyboard.press('Escape');

      // His call credit; a transfer with a line he may not see names that line "another line".
      const thisMonth = `${brusselsDate(t.clock.now()).slice(0, 7)}-01`;
      const lastMonth = addMonths(thisMonth, -1);
      const transfer = await t.database.db.selectFrom('call_credit_transfers').select(['from_sim_id', 'to_sim_id'])
        .where('customer_id', '=', acme).where((eb) => eb.or([eb('from_sim_id', '=', employeeSimId), eb('to_sim_id', '=', employeeSimId)]))
        .where('transferred_at', '>=', brusselsStartOfDay(lastMonth)).where('transferred_at', '<', brusselsStartOfDay(thisMonth)).executeTakeFirstOrThrow();
      await page.getByTestId('invoices-tab-call-credits').click();
      await page.getByTestId('call-credits-page').waitFor();
      expect(await page.getByTestId('filter-billing-account').count()).toBe(0);
      await pick(page, 'call-credits-month', new Date(`${lastMonth}T12:00:00Z`).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }));
      await expect.poll(() => page.getByTestId('call-credit-msisdn').allInnerTexts(), WAIT).toEqual([employeeMsisdn]);
      const mine = transfer.from_sim_id === employeeSimId ? 'from' : 'to';
      const other = mine === 'from' ? 'to' : 'from';
      await expect.poll(() => page.getByTestId(`call-credit-transfer-${mine}`).allInnerTexts(), WAIT).toEqual([employeeMsisdn]);
      expect(await page.getByTestId(`call-credit-transfer-${other}`).allInnerTexts()).toEqual(['another line']);

      await page.getByTestId('invoices-tab-charges').click();
      await page.getByTestId('charges-table').waitFor();
      const lines = await page.getByTestId('charges-sim').evaluateAll((els) => els.map((e) => e.getAttribute('data-msisdn')));
      expect(lines).toEqual([employeeMsisdn]);

      // The app's first page leads him to what he may see; an invoice's own address says it is not available to him.
      await goInApp(page, `/customers/${acme}/invoices`);
      await page.getByTestId('unbilled-page').waitFor();
      for (const path of [`invoices/${latest.id}`, `invoices/${latest.id}/call-details`, 'invoices/documents']) {
        await goInApp(page, `/customers/${acme}/${path}`);
        await page.getByTestId('not-available').waitFor();
        expect(await page.getByTestId('invoice-detail').count(), path).toBe(0);
      }
    });
  });
});
