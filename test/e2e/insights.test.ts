import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, launchBrowser, saveScreenshots, signIn, startBrowserApp } from '../support/browser.ts';
import { insightsFr } from '../../web/src/features/insights/i18n/fr.ts';

/**
 * Browser: Invoice Insights (INS-1..3). The financial manager reads the figures, filters by a
 * billing account, saves the filters as a view and finds it again after a reload; the print
 * stylesheet keeps the figures only; an Access Manager cannot reach the app; a billing account
 * created after the activation is requested by the Access Owner and approved in the back office.
 */

let t: TestApp;
let browser: Browser;
let acme: string;
let headOffice: string;

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  headOffice = (await t.database.db.selectFrom('billing_accounts').select('id').where('customer_id', '=', acme).where('number', '=', 'ACME-0001').executeTakeFirstOrThrow()).id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The figures and the views come from the server: room for a busy machine. */
const POLL = { timeout: 10_000 };
const insightsUrl = () => `${t.url}/customers/${acme}/insights`;

/** The five figures drawn as a chart (the top SIM cards are a table already). */
const CHARTS = ['monthly', 'change', 'charge-types', 'billing-accounts', 'cost-centres'];

/** Each chart as drawn: its SVG's size, how much of it lies outside its box, and how many bars it holds. */
function drawnCharts(page: Page) {
  return page.evaluate((ids) => ids.map((id) => {
    const chart = document.querySelector(`[data-testid="figure-${id}-chart"]`);
    const surface = chart?.querySelector('svg.recharts-surface');
    const box = chart?.getBoundingClientRect();
    const drawn = surface?.getBoundingClientRect();
    return {
      id,
      width: drawn ? Math.round(drawn.width) : 0,
      height: drawn ? Math.round(drawn.height) : 0,
      overflow: box && drawn ? Math.max(0, Math.round(drawn.right - box.right), Math.round(drawn.bottom - box.bottom)) : 0,
      bars: surface?.querySelectorAll('.recharts-bar-rectangle path').length ?? 0,
    };
  }), CHARTS);
}

/** Every chart drawn, with bars, inside its box: what a printed page needs. */
async function expectChartsDrawn(page: Page): Promise<void> {
  await expect.poll(async () => (await drawnCharts(page)).filter((c) => c.width === 0 || c.height === 0 || c.bars === 0 || c.overflow > 1), POLL).toEqual([]);
}

/** The rows of a figure's table (its chart switched to the table first). */
async function tableRows(page: Page, figure: string): Promise<string[]> {
  const table = page.getByTestId(`figure-${figure}-table`);
  if (!(await table.isVisible())) await page.getByTestId(`figure-${figure}-toggle`).click();
  await table.waitFor();
  return table.locator('tbody tr').allInnerTexts();
}

describe.skipIf(!chromiumPath)('browser: Invoice Insights', () => {
  it('finance sees 12 months, filters by a billing account, saves a view, reloads and picks it', { timeout: 120_000 }, async () => {
    await inBrowser(browser, 'insights-finance', async (page) => {
      await signIn(page, t.url, 'finance@acme.test');
      await page.getByTestId('nav-insights').click();
      await page.waitForURL(/\/insights$/);

      // The monthly chart, then its table: the last 12 closed months.
      await page.getByTestId('figure-monthly-chart').waitFor();
      expect(await page.getByTestId('figure-monthly-chart').locator('.recharts-bar-rectangle').count()).toBe(12);
      // The axis names each month with its full year ("Nov 2026"): "Nov 26" would read as a day.
      const monthTicks = async () => (await page.getByTestId('figure-monthly-chart').locator('svg text').allTextContents()).filter((tick) => tick.trim() !== '' && !tick.includes('€'));
      await expect.poll(async () => (await monthTicks()).length, { timeout: 15_000 }).toBeGreaterThan(0);
      const ticks = await monthTicks();
      for (const tick of ticks) expect(tick).toMatch(/^\S+ 20\d\d$/);
      expect(await tableRows(page, 'monthly')).toHaveLength(12);
      expect(await tableRows(page, 'billing-accounts')).toHaveLength(3);

      // Filter by one billing account: in the URL, and the figures follow.
      await page.getByTestId('filter-billing-accounts').click();
      await page.getByRole('option', { name: /ACME-0001/ }).click();
      await page.keyboard.press('Escape');
      await page.waitForURL((url) => url.searchParams.get('billingAccountId') === headOffice);
      await expect.poll(() => tableRows(page, 'billing-accounts'), POLL).toEqual([expect.stringContaining('ACME-0001')]);
      expect(await tableRows(page, 'monthly')).toHaveLength(12);

      // Save the filters and the change's breakdown as a view: the view is chosen (in the URL too).
      await page.getByTestId('change-dimension').getByText('By cost centre', { exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('changeBy') === 'costCentre');
      await page.getByTestId('view-save').click();
      await page.getByTestId('view-name').fill('Head office');
      await page.getByTestId('view-save-confirm').click();
      await page.waitForURL((url) => url.searchParams.has('view'));
      await expect.poll(() => page.getByTestId('views-menu').innerText(), POLL).toContain('Head office');

      // The same name again: said on the name field (409), nothing saved twice.
      await page.getByTestId('view-save').click();
      await page.getByTestId('view-name').fill('Head office');
      await page.getByTestId('view-save-confirm').click();
      await expect.poll(() => page.getByTestId('view-name').getAttribute('aria-invalid'), POLL).toBe('true');
      await page.getByRole('dialog').getByRole('button', { name: /annuler|cancel|annuleren/i }).click();
      expect(await t.database.db.selectFrom('saved_views').select('id').where('name', '=', 'Head office').execute()).toHaveLength(1);

      // A reload of the page without filters, then the view from the menu restores them.
      await page.goto(insightsUrl());
      await page.getByTestId('figure-monthly-chart').waitFor();
      expect(new URL(page.url()).searchParams.has('billingAccountId')).toBe(false);
      await page.getByTestId('views-menu').click();
      await page.getByTestId('view-Head office').click();
      await page.waitForURL((url) => url.searchParams.get('billingAccountId') === headOffice && url.searchParams.get('changeBy') === 'costCentre' && url.searchParams.has('view'));
      await expect.poll(() => tableRows(page, 'billing-accounts'), POLL).toEqual([expect.stringContaining('ACME-0001')]);
      expect(await page.getByTestId('change-dimension').locator('input:checked').getAttribute('value')).toBe('costCentre');

      // A link naming only the view (a bookmark, a shared address) opens it with its filters.
      const viewId = new URL(page.url()).searchParams.get('view')!;
      await page.goto(`${insightsUrl()}?view=${viewId}`);
      await page.waitForURL((url) => url.searchParams.get('billingAccountId') === headOffice && url.searchParams.get('changeBy') === 'costCentre' && url.searchParams.get('view') === viewId);
      // Another breakdown leaves the view: its name would no longer say what is shown.
      await page.getByTestId('change-dimension').getByText('By mobile number', { exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('changeBy') === 'sim' && !url.searchParams.has('view'));
      await page.goto(`${insightsUrl()}?view=${viewId}`);
      await page.waitForURL((url) => url.searchParams.get('changeBy') === 'costCentre' && url.searchParams.get('view') === viewId);
      await expect.poll(() => tableRows(page, 'billing-accounts'), POLL).toEqual([expect.stringContaining('ACME-0001')]);

      // Rename it: the dialog starts from its name; the menu and the database follow.
      await page.getByTestId('view-rename').click();
      await expect.poll(() => page.getByTestId('view-name').inputValue(), POLL).toBe('Head office');
      await page.getByTestId('view-name').fill('Head office and depot');
      await page.getByTestId('view-save-confirm').click();
      await expect.poll(() => page.getByTestId('views-menu').innerText(), POLL).toContain('Head office and depot');
      const saved = await t.database.db.selectFrom('saved_views').select(['name']).where('id', '=', viewId).executeTakeFirstOrThrow();
      expect(saved.name).toBe('Head office and depot');
      expect(new URL(page.url()).searchParams.get('view')).toBe(viewId);

      // Delete it, after confirming.
      await page.getByTestId('view-delete').click();
      await page.getByTestId('confirm-view-delete').click();
      await page.waitForURL((url) => !url.searchParams.has('view'));
      expect(await t.database.db.selectFrom('saved_views').select('id').where('id', '=', viewId).execute()).toHaveLength(0);
    });
  });

  it('the change on the previous month is broken down one way at a time, and each breakdown adds up to the change', { timeout: 60_000 }, async () => {
    await inBrowser(browser, 'insights-change', async (page) => {
      await signIn(page, t.url, 'finance@acme.test');
      await page.goto(insightsUrl());
      await page.getByTestId('change-summary').waitFor();
      /** Cents of an amount as the page writes it in English ("+€12.30", "-€1,089.00"). */
      const cents = (text: string) => Math.round(Number(text.replace(/[^\d.]/g, '')) * 100) * (/[-−]/.test(text) ? -1 : 1);
      const table = page.getByTestId('figure-change-table');
      await page.getByTestId('figure-change-toggle').click();
      await table.waitFor();
      const seen: string[][] = [];
      for (const dimension of ['By type of charge', 'By cost centre', 'By mobile number']) {
        await page.getByTestId('change-dimension').getByText(dimension, { exact: true }).click();
        await expect.poll(() => table.locator('thead th').first().textContent(), POLL).toBe(dimension);
        const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (cell) => cell.textContent ?? '')));
        const footer = await table.locator('tfoot tr').first().evaluate((tr) => Array.from(tr.querySelectorAll('th, td'), (cell) => cell.textContent ?? ''));
        expect(rows.length, dimension).toBeGreaterThan(0);
        expect(rows.reduce((sum, row) => sum + cents(row.at(-1)!), 0), dimension).toBe(cents(footer.at(-1)!));
        seen.push(rows.map((row) => row[0]!));
      }
      // The breakdown chosen is in the address: a reload shows the same one.
      expect(new URL(page.url()).searchParams.get('changeBy')).toBe('sim');
      await page.reload();
      await page.getByTestId('change-summary').waitFor();
      expect(await page.getByTestId('change-dimension').locator('input:checked').getAttribute('value')).toBe('sim');
      // A link naming the period backwards shows the same months, not an error per figure.
      await page.goto(`${insightsUrl()}?from=2026-10&to=2026-03`);
      await page.getByTestId('figure-monthly-chart').waitFor();
      expect(await tableRows(page, 'monthly')).toHaveLength(8);
      expect(await page.getByRole('alert').count()).toBe(0);

      // No row of one breakdown turns up in another: a cost centre is not listed among the types of charge.
      expect(seen[0]).not.toContain('Sales');
      expect(seen[1]).toContain('Sales');
      expect(seen[0]!.some((label) => seen[1]!.includes(label))).toBe(false);
    });
  });

  it('print keeps the figures and what they are of, and hides the navigation and the filters', async () => {
    const sales = await t.database.db.selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow();
    await inBrowser(browser, 'insights-print', async (page) => {
      await signIn(page, t.url, 'finance@acme.test');
      await page.goto(`${insightsUrl()}?costCentreId=${sales.id}`);
      await page.getByTestId('figure-monthly-chart').waitFor();
      const navigation = page.locator('#app-navigation');
      expect(await navigation.isVisible()).toBe(true);
      const summary = page.getByTestId('insights-print-summary');
      expect(await summary.isVisible()).toBe(false);
      await page.emulateMedia({ media: 'print' });
      await expect.poll(() => navigation.isVisible(), POLL).toBe(false);
      // On paper the filters bar is gone: a line says which figures these are.
      expect(await summary.isVisible()).toBe(true);
      expect(await summary.innerText()).toContain('Cost centres: Sales · Types of charge: All');
      expect(await page.locator('header').first().isVisible()).toBe(false);
      expect(await page.getByTestId('insights-filters').isVisible()).toBe(false);
      expect(await page.getByTestId('insights-print').isVisible()).toBe(false);
      expect(await page.getByTestId('figure-monthly').isVisible()).toBe(true);
      // A chart's amounts show on hover only: on paper its table is printed under it.
      const printedTable = page.getByTestId('figure-charge-types-table-printed');
      await expect.poll(() => printedTable.isVisible(), POLL).toBe(true);
      expect(await printedTable.locator('tbody tr').first().innerText()).toMatch(/€/);
      expect(await page.getByTestId('figure-charge-types-chart').isVisible()).toBe(true);
      // Charts take the page's width: the figures are no longer side by side (once the print layout has settled).
      const boxes = () => Promise.all([page.getByTestId('figure-charge-types').boundingBox(), page.getByTestId('figure-billing-accounts').boundingBox()]);
      await expect.poll(async () => {
        const [a, b] = await boxes();
        return a !== null && b !== null && a.width === b.width && b.y > a.y;
      }, POLL).toBe(true);
      await page.emulateMedia({ media: 'screen' });
      await expect.poll(() => navigation.isVisible(), POLL).toBe(true);
      expect(await printedTable.isVisible()).toBe(false);
    });
  });

  it('print draws every chart, whether the page switches to print or loads in it', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const sizeWarnings: string[] = [];
    try {
      const page = await context.newPage();
      page.on('console', (m) => { if (/width\(.*\) and height\(.*\) of chart/.test(m.text())) sizeWarnings.push(m.text()); });
      // The print dialog would block the page: the Print button only has to ask for it.
      await page.addInitScript(() => {
        window.print = () => { (window as unknown as { printed: number }).printed = ((window as unknown as { printed?: number }).printed ?? 0) + 1; };
      });
      await signIn(page, t.url, 'finance@acme.test');
      await page.goto(insightsUrl());
      await expectChartsDrawn(page);

      // Print pressed on the screen view: the page switches to print.
      await page.getByTestId('insights-print').click();
      expect(await page.evaluate(() => (window as unknown as { printed?: number }).printed)).toBe(1);
      await page.emulateMedia({ media: 'print' });
      await expect.poll(() => page.getByTestId('insights-filters').isVisible(), POLL).toBe(false);
      await expectChartsDrawn(page);

      // Back on the screen, the charts are as they were: side by side at their own height.
      await page.emulateMedia({ media: 'screen' });
      await expectChartsDrawn(page);
      const monthly = await page.getByTestId('figure-monthly-chart').locator('svg.recharts-surface').boundingBox();
      expect(monthly?.height).toBe(280);

      // The page loaded in print.
      await page.emulateMedia({ media: 'print' });
      await page.reload();
      await page.getByTestId('figure-monthly').waitFor();
      await expectChartsDrawn(page);
      expect(sizeWarnings).toEqual([]);
    } catch (error) {
      await saveScreenshots('insights-print-charts', context);
      throw error;
    } finally {
      await context.close();
    }
  });

  it('on a phone the page fits the screen, and the keyboard turns a chart into its table', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      await signIn(page, t.url, 'finance@acme.test');
      await page.goto(insightsUrl());
      await page.getByTestId('figure-monthly-chart').waitFor();
      await page.getByTestId('figure-top-sims-table').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.getByTestId('figure-charge-types-toggle').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('figure-charge-types-table').waitFor();
      // The button says what it does next; a pressed state as well would contradict its words.
      expect(await page.getByTestId('figure-charge-types-toggle').getAttribute('aria-pressed')).toBeNull();
      expect(await page.getByTestId('figure-charge-types-toggle').textContent()).toBe(insightsFr['insights.showChart']);
    } catch (error) {
      await saveScreenshots('insights-phone', context);
      throw error;
    } finally {
      await context.close();
    }
  });

  it('on a phone every control says all its words, in French and in Dutch', { timeout: 60_000 }, async () => {
    for (const language of ['fr', 'nl']) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await context.addInitScript((lang) => localStorage.setItem('mandate.language', lang), language);
      try {
        const page = await context.newPage();
        await signIn(page, t.url, 'finance@acme.test');
        await page.goto(insightsUrl());
        await page.getByTestId('change-dimension').waitFor();
        await page.getByTestId('figure-top-sims-table').waitFor();
        // No "show as table" toggle, and no choice of the change's breakdown, is cut or runs off the screen.
        const cut = await page.evaluate(() => Array.from(document.querySelectorAll('[data-testid$="-toggle"] .mantine-Button-label, [data-testid="change-dimension"] label'))
          .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > document.documentElement.clientWidth)
          .map((el) => el.textContent));
        expect(cut, language).toEqual([]);
      } catch (error) {
        await saveScreenshots(`insights-phone-${language}`, context);
        throw error;
      } finally {
        await context.close();
      }
    }
  });

  it('an Access Manager cannot reach Invoice Insights', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page, t.url, 'manager@acme.test');
      expect(await page.getByTestId('nav-insights').count()).toBe(0);
      await page.goto(insightsUrl());
      await page.getByTestId('not-available').waitFor();
      expect(await page.getByTestId('insights').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('a billing account opened after the activation: the owner requests access, the operator approves it', { timeout: 120_000 }, async () => {
    const { activated_at: activatedAt } = await t.database.db.selectFrom('customer_apps').select('activated_at')
      .where('customer_id', '=', acme).where('app', '=', 'insights').executeTakeFirstOrThrow();
    const { id: account } = await t.database.db.insertInto('billing_accounts')
      .values({ customer_id: acme, number: 'ACME-0009', name: 'Acme mobile – new branch', type: 'mobile', created_at: new Date(activatedAt.getTime() + 86_400_000) })
      .returning('id').executeTakeFirstOrThrow();
    const ownerContext = await browser.newContext();
    const operatorContext = await browser.newContext();
    try {
      const owner = await ownerContext.newPage();
      await signIn(owner, t.url, 'owner@acme.test');
      await owner.getByTestId('nav-insights').click();
      await owner.getByTestId('coverage-ACME-0009').waitFor();
      await owner.getByTestId('coverage-request-ACME-0009').click();
      await owner.getByTestId('coverage-status-ACME-0009').waitFor();
      expect(await owner.getByTestId('coverage-request-ACME-0009').count()).toBe(0);

      const operator = await operatorContext.newPage();
      await signIn(operator, t.url, 'operator@mandate.test');
      await operator.getByTestId('nav-backoffice').click();
      await operator.getByTestId('bo-tab-access-requests').click();
      const row = operator.getByTestId('bo-access-requests').locator('tr', { hasText: 'ACME-0009' });
      await row.getByRole('button').first().click();
      await operator.getByTestId('confirm-access-request-approve').click();
      await operator.getByTestId('bo-access-requests-empty').waitFor();
      const request = await t.database.db.selectFrom('app_access_requests').select('status').where('customer_id', '=', acme).where('billing_account_id', '=', account).executeTakeFirstOrThrow();
      expect(request.status).toBe('approved');

      // Covered now: the owner's notice no longer lists it.
      await owner.getByTestId('nav-home').click();
      await owner.getByTestId('nav-insights').click();
      await owner.getByTestId('figure-monthly-chart').waitFor();
      await expect.poll(() => owner.getByTestId('coverage-ACME-0009').count(), POLL).toBe(0);
    } catch (error) {
      await saveScreenshots('insights-coverage', ownerContext, operatorContext);
      throw error;
    } finally {
      await ownerContext.close();
      await operatorContext.close();
    }
  });
});
