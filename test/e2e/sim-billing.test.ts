import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fleetEn } from '../../web/src/features/fleet/i18n/fleet-en.ts';
import { fleetNl } from '../../web/src/features/fleet/i18n/fleet-nl.ts';
import { signedIn, type TestApp } from '../support/test-app.ts';
import { chromiumPath, inBrowser, launchBrowser, pick, signIn, startBrowserApp } from '../support/browser.ts';

/**
 * Browser: a SIM's billing of the last 12 months and call details of the last 6 (PFM-3) on its
 * page. The fleet manager (scope: cost centre Sales) opens a Sales SIM from his fleet and sees the
 * chart and table of its billed months and its call details, pages to the next page and filters
 * by type; the employee sees the same sections for his own line under My line. On the seed's demo
 * billing data (14 closed months, call details of the last 7).
 */

let t: TestApp;
let browser: Browser;
let acme: string;
let salesSim: { id: string; msisdn: string };

beforeAll(async () => {
  if (!chromiumPath) return;
  t = await startBrowserApp();
  const db = t.database.db;
  acme = (await db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  // The employee's own line is in Sales: the fleet manager's scope.
  salesSim = await db.selectFrom('sims as s').innerJoin('users as u', 'u.id', 's.end_user_id').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
    .where('u.email', '=', 'employee@acme.test').where('cc.name', '=', 'Sales').select(['s.id', 's.msisdn']).executeTakeFirstOrThrow();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const WAIT = { timeout: 15_000 };

/** The rows of the call-details table, as text. */
const callRows = (page: Page) => page.getByTestId('sim-calls-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));

/**
 * The call details' retention as the invoice pages say theirs: "available until" the last day they are
 * still shown, the Brussels day before the instant the API gives (data leaving at 7 December 00:00
 * is available until 6 December).
 */
async function expectAvailableUntil(page: Page, email: string, template: string, locale: string): Promise<void> {
  const api = await signedIn(t.url, email);
  const answer = await api.get<{ availableUntil: string }>(`/api/v1/customers/${acme}/sims/${salesSim.id}/call-details`);
  expect(answer.status).toBe(200);
  const until = Date.parse(answer.body.availableUntil);
  const lastDay = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Brussels' }).format(new Date(until - 1));
  // The API's instant is a Brussels midnight: the day shown is the one before it.
  expect(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Brussels' }).format(new Date(until))).toBe('00:00');
  await expect.poll(() => page.getByTestId('sim-calls-available-until').innerText(), WAIT).toBe(template.replace('{date}', lastDay));
}

/** The billing section: chart, table of 12 closed months with the caveat, and the call details' first page. */
async function expectBillingSections(page: Page): Promise<void> {
  const billing = page.getByTestId('sim-billing');
  await billing.waitFor(WAIT);
  await billing.getByTestId('sim-billing-table').waitFor(WAIT);
  expect(await billing.getByTestId('sim-billing-row').count()).toBe(12);
  await billing.getByTestId('invoice-caveat').waitFor();
  // The chart library loads lazily: its SVG appears once it is there.
  await billing.getByTestId('sim-billing-chart').locator('svg').first().waitFor(WAIT);
  const totals = await billing.getByTestId('sim-billing-total').allInnerTexts();
  expect(totals.every((text) => /€/.test(text))).toBe(true);

  const calls = page.getByTestId('sim-calls');
  await calls.getByTestId('invoice-caveat').waitFor();
  await calls.getByTestId('sim-call-destination').first().waitFor(WAIT);
  expect(await calls.getByTestId('sim-call-destination').count()).toBe(25);
  await calls.getByTestId('sim-calls-available-until').waitFor();
}

describe.skipIf(!chromiumPath)('a SIM\'s billing and call details (PFM-3)', () => {
  it('the fleet manager opens a Sales SIM, sees its billing chart and table and its call details, and pages on', { timeout: 180_000 }, async () => {
    await inBrowser(browser, 'sim-billing-fleet', async (page) => {
      await signIn(page, t.url, 'fleet@acme.test');
      await page.goto(`${t.url}/customers/${acme}/fleet?q=${encodeURIComponent(salesSim.msisdn)}`);
      await page.getByTestId('fleet-sim-link').filter({ hasText: salesSim.msisdn }).first().click();
      await page.getByTestId('sim-detail-page').waitFor(WAIT);
      expect(page.url()).toContain(`/fleet/${salesSim.id}`);
      await expectBillingSections(page);
      await expectAvailableUntil(page, 'fleet@acme.test', fleetEn['fleet.calls.availableUntil'], 'en-GB');

      // Previous / Next over keyset pages: page 2 holds other call details; back again shows page 1.
      const calls = page.getByTestId('sim-calls');
      const first = await callRows(page);
      await calls.getByRole('button', { name: 'Next' }).click();
      await calls.getByText('Page 2').waitFor(WAIT);
      await page.waitForFunction((firstRow) => {
        const row = document.querySelector('[data-testid="sim-calls-table"] tbody tr');
        return row !== null && row.textContent !== firstRow;
      }, first[0], WAIT);
      const second = await callRows(page);
      expect(second.length).toBeGreaterThan(0);
      expect(second.filter((row) => first.includes(row))).toEqual([]);
      await calls.getByRole('button', { name: 'Previous' }).click();
      await calls.getByText('Page 1').waitFor(WAIT);

      // The type filter: text messages only, back on page 1.
      await pick(page, 'sim-calls-type', 'SMS');
      await page.waitForFunction(() => {
        const cells = Array.from(document.querySelectorAll('[data-testid="sim-calls-table"] tbody tr td:nth-child(2)'));
        return cells.length > 0 && cells.every((c) => c.textContent === 'SMS');
      }, undefined, WAIT);
      await calls.getByText('Page 1').waitFor();
    });
  });

  it('the employee sees his own line\'s billing and call details under My line (in Dutch)', { timeout: 120_000 }, async () => {
    await inBrowser(browser, 'sim-billing-my-line', async (page) => {
      await signIn(page, t.url, 'employee@acme.test');
      await page.getByTestId('nav-mobile').click();
      await page.getByTestId('my-line-page').waitFor(WAIT);
      await page.getByTestId('my-line').waitFor(WAIT);
      expect(await page.getByTestId('my-line').innerText()).toContain(salesSim.msisdn);
      await expectBillingSections(page);
      await expectAvailableUntil(page, 'employee@acme.test', fleetNl['fleet.calls.availableUntil'], 'nl-BE');
    }, 'nl');
  });
});
